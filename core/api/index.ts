export * from './contract.js';
export * from './devices.js';
export { describeDesign, type DesignSummary } from './design-summary.js';
