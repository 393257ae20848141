import { levelCount } from '../model/design.js';
import { pulseModel } from '../devices/pulse/pulse-model-of.js';
import type { PpaReport } from './report.js';
import type { PpaArrayInput } from './chip-cost.js';

export const PROGRAMMING_ASSUMPTIONS =
  "every cell written from the bottom of its window to its target level by SET pulses, the mean number of the device's pulse model (its span over the levels), no verify reads; one row per write step with every cell of the row pulsed at once, the arrays written in parallel";

/**
 * What writing the layout's target levels costs: pulses from the device's pulse model
 * (span / (levels - 1) per level step), each the write pulse's energy V^2 t / R; time as
 * the sum over rows of the most pulses any cell of the row needs, times the pulse width,
 * the slowest array setting the layout's time.
 */
export function programmingCost(arrays: readonly PpaArrayInput[]): PpaReport['programming'] {
  let energy = 0;
  let time = 0;
  let pulses = 0;
  let cells = 0;
  for (const a of arrays) {
    // A record built in code may lack the write pulse the schema requires of a file: not priced.
    if (!a.levels || (a.device as { write?: unknown }).write === undefined) continue;
    const model = pulseModel(a.device);
    const perLevel = model.span / Math.max(1, levelCount(a.device) - 1);
    const columns = a.levels.length / a.array.rows;
    let arrayTime = 0;
    let arrayPulses = 0;
    for (let r = 0; r < a.array.rows; r++) {
      let most = 0;
      for (let c = 0; c < columns; c++) {
        const n = a.levels[r * columns + c]! * perLevel;
        arrayPulses += n;
        if (n > most) most = n;
      }
      arrayTime += Math.ceil(most) * model.pulse.width;
    }
    pulses += arrayPulses;
    energy += arrayPulses * model.pulse.energy;
    cells += a.levels.length;
    time = Math.max(time, arrayTime);
  }
  return { energy, time, pulses, cells, assumptions: PROGRAMMING_ASSUMPTIONS };
}
