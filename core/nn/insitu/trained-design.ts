import type { Design } from '../../model/design.js';
import { encodeStates } from '../../model/states.js';
import { checkDesign } from '../../model/validate.js';

/**
 * A copy of the design whose arrays hold the trained states: each device's level nearest
 * its conductance (PulseArray.nearestLevels), so the trained chip opens, simulates,
 * evaluates and exports to SPICE like any other design. Arrays that were not trained keep
 * their states. The copy is checked as a file would be; the original is not changed.
 */
export function trainedDesign(design: Design, levels: ReadonlyMap<string, Uint8Array>): Design {
  const copy = structuredClone(design);
  for (const array of copy.arrays) {
    const l = levels.get(array.id);
    if (l) array.states = encodeStates(l);
  }
  const { errors } = checkDesign(copy);
  if (errors.length > 0)
    throw new Error(`the trained design does not validate: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return copy;
}
