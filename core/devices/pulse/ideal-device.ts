import type { MultilevelRecord } from '../../model/design.js';

/**
 * The ideal linear device in-situ training is measured against: a multilevel device whose
 * linearity range is its whole window, with no bend, no variation and one pulse per level,
 * so every SET or RESET pulse moves its conductance by exactly (G_max - G_min) / (levels - 1)
 * until the window's end. 10-20 kOhm like the multilevel presets; its write pulse theirs.
 */
export function idealLinearDevice(options: { id: string; levels?: number; name?: string }): MultilevelRecord {
  const levels = options.levels ?? 64;
  return {
    id: options.id,
    name: options.name ?? `Ideal linear ${levels}-level`,
    kind: 'multilevel',
    levels,
    rMin: 10_000,
    rMax: 20_000,
    linearityRange: 1,
    linearityDeviation: 0,
    footprint: { width: 1, height: 1 },
    variation: { d2d: 0, ctc: 0, reference: 'window' },
    write: { voltage: 1, width: 2e-7, resistance: 300 },
    programming: {
      setPulses: levels - 1,
      resetPulses: levels - 1,
      resetDeviation: 0,
      thresholdVoltage: 0.7,
      switchingWidth: 0.05,
    },
    source: {
      title: 'Ideal linear device (a reference, not a published device)',
      assumed: ['every parameter: equal steps over the whole window, no variation'],
    },
  };
}
