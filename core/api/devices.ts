/**
 * Device data the UI may use (pure): presets with their sources, level computation,
 * measured-device construction and pulse-level programming (curves, parameters, tables).
 * The renderer reaches core/devices only through here.
 */
export { PRESETS, deviceFromPreset, findPreset, type Preset } from '../devices/presets.js';
export { deviceModel } from '../devices/device-model-of.js';
export type { DeviceModel } from '../devices/device-model.js';
export { measuredDevice, parseLevelList, type MeasuredInput } from '../devices/measured.js';
export { pulseCurvePlot, type PulseCurvePlot } from '../devices/pulse/pulse-curve.js';
export { pulseParameters } from '../devices/pulse/pulse-parameters.js';
export { parsePulseTable, type PulseTable } from '../devices/pulse/measured-table.js';
