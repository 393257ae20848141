import { deviceModel } from '../../devices/device-model-of.js';
import { deviceFromPreset } from '../../devices/presets.js';
import type { Design, DeviceRecord, Mapping, Topology } from '../../model/design.js';
import { layoutNetwork } from '../../model/network-layout.js';

/**
 * Small layouts for the in-situ engine's tests (no production code imports this): a
 * multilevel device made ideal (evenly spaced levels, no variation) with `levels` levels,
 * laid out for a network by layout-network's own tiling.
 */
export function idealDevice(levels: number): DeviceRecord {
  const d = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
  if (d.kind !== 'multilevel') throw new Error('multilevel-sot is not a multilevel device');
  return {
    ...d,
    levels,
    linearityRange: 1,
    linearityDeviation: 0,
    variation: { d2d: 0, ctc: 0, reference: 'level' },
  } as DeviceRecord;
}

export const levelsOf = (device: DeviceRecord): Float64Array => deviceModel(device).levels;

export function tinyLayout(
  layers: readonly number[],
  options: { rows: number; cols: number; topology?: Topology; mapping?: Mapping; device?: DeviceRecord; wire?: number },
): Design {
  return layoutNetwork({
    name: 'tiny',
    layers,
    arrayRows: options.rows,
    arrayCols: options.cols,
    device: options.device ?? idealDevice(64),
    topology: options.topology ?? 'row-transistor',
    mapping: options.mapping ?? 'differential',
    wireResistance: options.wire ?? 0,
  });
}
