import type { MeasuredRecord } from '../../model/design.js';

/**
 * The write pulse and programming of a device made from measured levels alone (no pulse
 * table): one pulse moves one measured level either way, the pulse and threshold those of
 * the multilevel presets (assumed; listed in the device's source.assumed).
 */
export function measuredProgrammingDefaults(conductances: readonly number[]): Pick<MeasuredRecord, 'write' | 'programming'> {
  return {
    write: { voltage: 1, width: 2e-7, resistance: 300 },
    programming: { set: [...conductances], reset: [...conductances].reverse(), thresholdVoltage: 0.7, switchingWidth: 0.05 },
  };
}

/** What measuredProgrammingDefaults assumes, for source.assumed. */
export const MEASURED_DEFAULTS_ASSUMED =
  'write pulse and programming (one pulse per measured level; import a pulse table to replace)';
