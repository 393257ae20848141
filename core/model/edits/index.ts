export * from './diff.js';
export * from './history.js';
export * from './commands.js';
export * from './validate-edit.js';
export * from './layer-arrays.js';
