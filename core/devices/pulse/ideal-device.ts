import type { MultilevelRecord } from '../../model/design.js';
import { deviceFromPreset } from '../presets.js';

/**
 * The ideal linear device in-situ training is measured against: the `ideal-linear-64`
 * preset (linearity range the whole window, no bend, no variation, one pulse per level, so
 * every SET or RESET pulse moves the conductance by exactly (G_max - G_min) / (levels - 1)
 * until the window's end), with as many levels as asked.
 */
export function idealLinearDevice(options: { id: string; levels?: number; name?: string }): MultilevelRecord {
  const preset = deviceFromPreset('ideal-linear-64', { id: options.id });
  if (preset.kind !== 'multilevel') throw new Error('the ideal-linear-64 preset must be a multilevel device');
  const levels = options.levels ?? preset.levels;
  return {
    ...preset,
    name: options.name ?? `Ideal linear ${levels}-level`,
    levels,
    programming: { ...preset.programming, setPulses: levels - 1, resetPulses: levels - 1 },
  };
}
