import { deviceFromPreset } from '../../devices/presets.js';
import type { MultilevelRecord } from '../../model/design.js';

/** The preset the in-situ experiments vary (resources/devices/presets.json). */
export const SOT_PRESET = 'multilevel-sot';

/**
 * One point of an in-situ sweep: the multilevel SOT preset with its cycle-to-cycle
 * variation (a fraction, in the preset's reference: of the window), linearity range
 * (fraction of the window) and linearity deviation changed. The deviation is set on both
 * branches (linearityDeviation for SET, programming.resetDeviation for RESET), as the
 * preset's symmetric device has it; everything else (16 levels, 15 pulses across the
 * range, 10-20 kOhm, the write pulse, no D2D) is the preset's.
 */
export interface SotPoint {
  ctc: number;
  linearityRange: number;
  linearityDeviation: number;
}

export function sotVariant(point: SotPoint, id = 'dev_1'): MultilevelRecord {
  const base = deviceFromPreset(SOT_PRESET, { id });
  if (base.kind !== 'multilevel') throw new Error(`${SOT_PRESET} is a ${base.kind} device, expected multilevel`);
  return {
    ...base,
    linearityRange: point.linearityRange,
    linearityDeviation: point.linearityDeviation,
    variation: { ...base.variation, ctc: point.ctc },
    programming: { ...base.programming, resetDeviation: point.linearityDeviation },
  };
}

/** The preset's own point (CTC, range, deviation), from its record. */
export function presetPoint(): SotPoint {
  const base = deviceFromPreset(SOT_PRESET, { id: 'dev_1' });
  if (base.kind !== 'multilevel') throw new Error(`${SOT_PRESET} is a ${base.kind} device, expected multilevel`);
  return { ctc: base.variation.ctc, linearityRange: base.linearityRange, linearityDeviation: base.linearityDeviation };
}
