import type { DeviceRecord } from '../model/design.js';
import { deviceModel } from './device-model-of.js';

// The level formulas live in level-formulas.ts (device-kinds.ts picks one per kind). This
// file keeps the old import path for importers outside core/devices until they move
// (issue 9): the core/nn tests import the formulas from here.
export { compoundMtjLevels, evenlySpaced, maxDeviation, multilevelLevels } from './level-formulas.js';

/**
 * @deprecated Use deviceModel(device).levels, the one entry for device behaviour. Kept
 * until core/nn/studies.ts and renderer/src/canvas/heatmap.ts move to it (issue 9).
 */
export const deviceLevels = (device: DeviceRecord): Float64Array => deviceModel(device).levels;
