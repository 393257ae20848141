/**
 * Device data the UI may use (pure): presets with their sources, level computation and
 * measured-device construction. The renderer reaches core/devices only through here.
 */
export { PRESETS, deviceFromPreset, findPreset, type Preset } from '../devices/presets.js';
export { deviceModel } from '../devices/device-model-of.js';
export type { DeviceModel } from '../devices/device-model.js';
export { measuredDevice, parseLevelList, type MeasuredInput } from '../devices/measured.js';
