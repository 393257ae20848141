import { deviceModel } from '../devices/device-model-of.js';
import type { Design } from '../model/design.js';
import { findDevice } from '../model/design.js';
import { arrayStates } from '../model/states.js';
import type { PpaArrayInput, PpaLayerInput } from './chip-cost.js';
import type { InputActivity } from './models.js';

/** Input codes spread evenly over their range: what is assumed when no data set has run. */
export const UNIFORM_ACTIVITY: InputActivity = { meanCode: 0.5, meanSquare: 1 / 3, bitDensity: 0.5 };

/**
 * The cost model's layers from a design alone (no network run): the arrays that host
 * tiles, grouped by layer, each used whole, their conductances and levels from the states
 * the design holds, one read per inference and inputs spread evenly over their range.
 * `spinplan check`, the editor and the cross-check use it; `evaluate` builds its layers
 * from the run instead (core/nn/ppa-layers.ts).
 */
export function designLayers(design: Design, activity: InputActivity = UNIFORM_ACTIVITY): PpaLayerInput[] {
  const byLayer = new Map<number, PpaArrayInput[]>();
  for (const array of design.arrays) {
    if (!array.tile) continue;
    const device = findDevice(design, array.device);
    if (!device) continue;
    const levels = arrayStates(array);
    const g = deviceModel(device).levels;
    let conductance = 0;
    for (let c = 0; c < levels.length; c++) conductance += g[Math.min(levels[c]!, g.length - 1)]!;
    const list = byLayer.get(array.tile.layer) ?? [];
    list.push({ array, device, usedRows: array.rows, usedCols: array.cols, conductance, levels });
    byLayer.set(array.tile.layer, list);
  }
  return [...byLayer.entries()]
    .sort(([a], [b]) => a - b)
    .map(([layer, arrays]) => {
      const inputs = Math.max(...arrays.map((a) => (a.array.tile?.rowOffset ?? 0) + a.usedRows));
      const outputs = Math.max(...arrays.map((a) => (a.array.tile?.colOffset ?? 0) + a.usedCols));
      return {
        layer,
        inputs,
        outputs,
        hostedWeights: arrays.reduce((s, a) => s + a.usedRows * a.usedCols, 0),
        reads: 1,
        arrays,
        activity,
      };
    });
}
