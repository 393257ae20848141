import { deviceLevels } from '../devices/levels.js';
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
  mtj: { cells: number; rP: number; rAP: number; vHalf: number | undefined } | null;
  /** Write-channel segment in the read path, ohms; 0 means none (ideal, merged). */
  channelOhms: number;
  /** Access transistor on-resistance of a 1T1R cell, ohms; 0 when the topology has none. */
  accessOhms: number;
  /**
   * The device's full conductance window for the nonlinear read: gP all-parallel (highest),
   * gAP all-antiparallel (lowest) at zero bias; vHalf from the device, undefined = linear.
   */
  window: { gP: number; gAP: number; vHalf: number | undefined };
}

export function cellTemplate(design: Design, array: ArrayRecord, device: DeviceRecord): CellTemplate {
  return {
    levels: deviceLevels(device),
    mtj: device.kind === 'compound-mtj' ? { cells: device.cells, rP: device.rP, rAP: device.rAP, vHalf: device.vHalf } : null,
    channelOhms: device.kind === 'compound-mtj' ? device.channelSegmentResistance : 0,
    accessOhms: accessTransistorOhms(array.topology, design.technology.transistor),
    window: { ...deviceWindow(device), vHalf: device.vHalf },
  };
}

/** Zero-bias conductance of the all-parallel and all-antiparallel ends of the device's window. */
function deviceWindow(device: DeviceRecord): { gP: number; gAP: number } {
  switch (device.kind) {
    case 'compound-mtj':
      return { gP: device.cells / device.rP, gAP: device.cells / device.rAP };
    case 'dw-notch':
      return { gP: 1 / device.rP, gAP: 1 / device.rAP };
    case 'multilevel':
      return { gP: 1 / device.rMin, gAP: 1 / device.rMax };
    case 'measured':
      return { gP: Math.max(...device.conductances), gAP: Math.min(...device.conductances) };
  }
}

/**
 * The nonlinear read law of one device level: I(V) = V (gFixed + gBias / (1 + tmr0 s(V))),
 * s(V) = 1 / (1 + (V / vHalf)^2), i.e. TMR(V) = TMR0 / (1 + (V/Vh)^2) on the antiparallel part.
 *
 * Parallel-area model: a level is a fraction x of the window in the parallel state (bias
 * independent, R_P does not depend on bias) and 1 - x antiparallel, whose resistance is
 * R_P (1 + TMR(V)). For a compound MTJ at level j, x = j/k and this is exactly j MTJs at
 * R_P in parallel with k - j at R_AP(V). A domain-wall device is the same picture (its
 * conductance is linear in the wall position between G_AP and G_P). Multilevel and measured
 * devices get the same law over their window (1/rMax..1/rMin, or lowest..highest measured
 * level): an assumption, since their multi-domain states are not characterised in bias.
 * A device without vHalf (or with an empty window) stays linear: gFixed = g, gBias = 0.
 */
export interface BiasLaw {
  vHalf: number;
  tmr0: number;
  /** Per level, siemens. */
  gFixed: Float64Array;
  gBias: Float64Array;
}

export function biasLaw(template: CellTemplate): BiasLaw {
  const { levels, window } = template;
  const gFixed = Float64Array.from(levels);
  const gBias = new Float64Array(levels.length);
  const { gP, gAP, vHalf } = window;
  if (vHalf === undefined || !(gP > gAP)) return { vHalf: Infinity, tmr0: 0, gFixed, gBias };
  const mtj = template.mtj;
  for (let l = 0; l < levels.length; l++) {
    if (mtj) {
      // Level j: j parallel MTJs and k - j antiparallel ones, R_AP(V) = R_P (1 + TMR(V)).
      gFixed[l] = l / mtj.rP;
      gBias[l] = (mtj.cells - l) / mtj.rP;
    } else {
      const x = Math.min(1, Math.max(0, (levels[l]! - gAP) / (gP - gAP)));
      gFixed[l] = x * gP;
      gBias[l] = (1 - x) * gP;
    }
  }
  return { vHalf, tmr0: gP / gAP - 1, gFixed, gBias };
}

/** Series ohms a cell adds to its device in the read path (channel segment and access transistor). */
export function cellSeriesOhms(template: CellTemplate): number {
  return template.channelOhms + template.accessOhms;
}

/** Conductance of the whole cell branch (row node to column node) for a device conductance. */
export function branchConductance(template: CellTemplate, deviceConductance: number): number {
  return 1 / (1 / deviceConductance + template.channelOhms + template.accessOhms);
}
