import { deviceLevels } from '../devices/levels.js';
import type { ArrayRecord, Design, DeviceRecord } from '../model/design.js';

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
  mtj: { cells: number; rP: number; rAP: number; vHalf: number | undefined } | null;
  /** Write-channel segment in the read path, ohms; 0 means none (ideal, merged). */
  channelOhms: number;
  /** Access transistor on-resistance of a 1T1R cell, ohms; 0 when the topology has none. */
  accessOhms: number;
}

export function cellTemplate(design: Design, array: ArrayRecord, device: DeviceRecord): CellTemplate {
  return {
    levels: deviceLevels(device),
    mtj: device.kind === 'compound-mtj' ? { cells: device.cells, rP: device.rP, rAP: device.rAP, vHalf: device.vHalf } : null,
    channelOhms: device.kind === 'compound-mtj' ? device.channelSegmentResistance : 0,
    accessOhms: array.topology === 'cell-transistor' ? design.technology.transistor.onResistance : 0,
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
