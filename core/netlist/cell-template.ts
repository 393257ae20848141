import type { BiasLaw } from '../devices/bias-law.js';
import { deviceModel } from '../devices/device-model-of.js';
import type { ReadPath } from '../devices/device-model.js';
import type { ArrayRecord, Design, DeviceRecord } from '../model/design.js';
import { accessTransistorOhms } from '../model/topology.js';

/**
 * What sits at one crossing, read path only: the device (one conductance per level, or k
 * MTJs read in parallel for a compound MTJ), the write-channel segment the read current
 * crosses, and the access transistor of a 1T1R cell. Every cell of an array shares one
 * template; a cell differs only by its level (or its conductance under variation). This
 * is the netlist's `.subckt` and the solver's two-terminal branch.
 */
export interface CellTemplate {
  /** Device conductance of each level, siemens, ascending (level 0 lowest). */
  levels: Float64Array;
  /** Compound MTJ: k MTJs from the read node to the column, level j = j of them parallel. Null for other devices. */
  mtj: ReadPath['mtj'];
  /** Write-channel segment in the read path, ohms; 0 means none (ideal, merged). */
  channelOhms: number;
  /** Access transistor on-resistance of a 1T1R cell, ohms; 0 when the topology has none. */
  accessOhms: number;
  /**
   * The device's full conductance window for the nonlinear read: gP all-parallel (highest),
   * gAP all-antiparallel (lowest) at zero bias; vHalf from the device, undefined = linear.
   */
  window: { gP: number; gAP: number; vHalf: number | undefined };
  /** The device's bias law at each level (core/devices/bias-law.ts), for the nonlinear read. */
  bias: BiasLaw;
}

export function cellTemplate(design: Design, array: ArrayRecord, device: DeviceRecord): CellTemplate {
  const model = deviceModel(device);
  return {
    levels: model.levels,
    mtj: model.readPath.mtj,
    channelOhms: model.readPath.channelOhms,
    accessOhms: accessTransistorOhms(array.topology, design.technology.transistor),
    window: { ...model.windowEnds, vHalf: device.vHalf },
    bias: model.bias,
  };
}

/** Series ohms a cell adds to its device in the read path (channel segment and access transistor). */
export function cellSeriesOhms(template: CellTemplate): number {
  return template.channelOhms + template.accessOhms;
}

/** Conductance of the whole cell branch (row node to column node) for a device conductance. */
export function branchConductance(template: CellTemplate, deviceConductance: number): number {
  return 1 / (1 / deviceConductance + template.channelOhms + template.accessOhms);
}
