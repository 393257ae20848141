import { deviceModel } from '../devices/device-model-of.js';
import type { Design, DeviceKind, Mapping, Tile, Topology } from '../model/design.js';
import { physicalCells, physicalColumns } from '../model/design.js';
import { areaSummary, arrayFootprint, type AreaSummary, type Rect } from '../model/geometry.js';
import { formatProblem } from '../model/problems.js';
import { checkDesign } from '../model/validate.js';

/** What `spinplan info` and the UI's overview show of a design. */
export interface DesignSummary {
  chip: Design['chip'];
  technology: {
    wireRow: string;
    wireCol: string;
    readVoltage: number;
    driverResistance: number;
    senseResistance: number;
    transistorOnResistance: number;
    rowTransistorOnResistance: number;
  };
  arrays: {
    id: string;
    name: string;
    rows: number;
    cols: number;
    physicalColumns: number;
    topology: Topology;
    mapping: Mapping;
    device: string;
    footprint: Rect;
    tile: Tile | null;
  }[];
  devices: { id: string; name: string; kind: DeviceKind; preset: string | null; levels: number[] }[];
  area: AreaSummary;
  totalCells: number;
  warnings: string[];
}

export function describeDesign(design: Design): DesignSummary {
  const { wire } = design.technology;
  return {
    chip: design.chip,
    technology: {
      wireRow: wire.mode === 'per-cell' ? `${wire.row} ohm/cell` : `${wire.rowPerUm} ohm/um`,
      wireCol: wire.mode === 'per-cell' ? `${wire.col} ohm/cell` : `${wire.colPerUm} ohm/um`,
      readVoltage: design.technology.readVoltage,
      driverResistance: design.technology.driverResistance,
      senseResistance: design.technology.senseResistance,
      transistorOnResistance: design.technology.transistor.onResistance,
      rowTransistorOnResistance: design.technology.transistor.rowOnResistance,
    },
    arrays: design.arrays.map((a) => ({
      id: a.id,
      name: a.name,
      rows: a.rows,
      cols: a.cols,
      physicalColumns: physicalColumns(a),
      topology: a.topology,
      mapping: a.mapping,
      device: a.device,
      footprint: arrayFootprint(design, a)!,
      tile: a.tile,
    })),
    devices: design.devices.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      preset: d.preset ?? null,
      levels: [...deviceModel(d).levels],
    })),
    area: areaSummary(design),
    totalCells: design.arrays.reduce((n, a) => n + physicalCells(a), 0),
    warnings: checkDesign(design).warnings.map(formatProblem),
  };
}
