/**
 * Device data the UI may use (pure): presets with their sources, level computation and
 * measured-device construction. The renderer reaches core/devices only through here.
 */
export { PRESETS, deviceFromPreset, findPreset, type Preset } from '../devices/presets.js';
export { deviceModel } from '../devices/device-model-of.js';
export type { DeviceModel } from '../devices/device-model.js';
/** @deprecated Use deviceModel(device).levels; kept until renderer/src/canvas/heatmap.ts moves to it. */
export { deviceLevels } from '../devices/levels.js';
export { measuredDevice, parseLevelList, type MeasuredInput } from '../devices/measured.js';
