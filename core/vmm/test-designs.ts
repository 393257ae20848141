import { deviceFromPreset } from '../devices/presets.js';
import type { ArrayRecord, Design, Topology } from '../model/design.js';
import { newSingleArrayDesign } from '../model/new-design.js';

/** A test fixture (no test itself): the small one-array designs the solver, nonlinear-read and ngspice tests run. */
export interface SmallDesignOptions {
  topology: Topology;
  rows: number;
  cols: number;
  /** The random states' seed. */
  seed: number;
  /** MTJs per compound cell (default 1). */
  cells?: number;
  /** Wire resistance per cell pitch, rows and columns alike (default 2.5 Ω). */
  wire?: number;
  /** The chip's name (default 't'). */
  name?: string;
  /** Where the row drivers are (default: newSingleArrayDesign's, left). */
  driverSide?: ArrayRecord['driverSide'];
}

/** One differential array of the sot-mtj-1.6nm preset (device dev_1, array arr_1) in random states. */
export function smallDesign(options: SmallDesignOptions): Design {
  const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: options.cells ?? 1 });
  const design = newSingleArrayDesign({
    name: options.name ?? 't',
    topology: options.topology,
    rows: options.rows,
    cols: options.cols,
    device,
    mapping: 'differential',
    states: 'random',
    seed: options.seed,
    wireResistance: options.wire ?? 2.5,
  });
  if (options.driverSide !== undefined) design.arrays[0]!.driverSide = options.driverSide;
  return design;
}
