import { DEFAULT_CONVERTER_BITS, DEFAULT_GRID_UM, DEFAULT_MARGIN_UM, defaultTechnology } from './defaults.js';
import type { ArrayRecord, Design, DeviceRecord, Mapping, Topology } from './design.js';
import { levelCount, physicalColumns } from './design.js';
import { arrayFootprint } from './geometry.js';
import { LIMITS } from './limits.js';
import { snapUp } from './new-design.js';
import { UserError } from './problems.js';
import { encodeStates, patternStates, type StatePattern } from './states.js';
import { shelfPack, tileLayer } from './tiling.js';

/**
 * A design that hosts a whole network: every layer's weight matrix split into
 * array-sized tiles (tileLayer), one array per tile, shelf-packed on a roughly square die
 * without overlap. Cells start at level 0 unless a state pattern is asked for; evaluation
 * programs them from the weights.
 */
export interface LayoutNetworkOptions {
  name: string;
  /** Layer widths, e.g. [784, 128, 10]: weight layer l maps layers[l] inputs to layers[l + 1] outputs. */
  layers: readonly number[];
  /** Which weight layers get arrays (default all); the others run digitally. */
  hostedLayers?: readonly number[];
  /** Programmed states to start from (default: every cell at level 0). */
  states?: { pattern: StatePattern; seed: number };
  arrayRows: number;
  arrayCols: number;
  device: DeviceRecord;
  topology: Topology;
  mapping: Mapping;
  wireResistance?: number;
  dacBits?: number;
  adcBits?: number;
}

/** Space between arrays, micrometres. */
export const ARRAY_GAP_UM = 20;

export function layoutNetwork(o: LayoutNetworkOptions): Design {
  if (o.arrayRows < 1 || o.arrayRows > LIMITS.maxRows || o.arrayCols < 1 || o.arrayCols > LIMITS.maxCols) {
    throw new UserError(
      `array size ${o.arrayRows}x${o.arrayCols} is not allowed, rows must be 1..${LIMITS.maxRows} and columns 1..${LIMITS.maxCols}`,
    );
  }
  const technology = defaultTechnology();
  if (o.wireResistance !== undefined) technology.wire = { mode: 'per-cell', row: o.wireResistance, col: o.wireResistance };
  const arrays: ArrayRecord[] = [];
  const hosted = o.hostedLayers ?? o.layers.slice(0, -1).map((_, l) => l);
  for (const l of hosted) {
    if (!(l >= 0 && l + 1 < o.layers.length))
      throw new UserError(`layer ${l} does not exist; the network has weight layers 0..${o.layers.length - 2}`);
    for (const tile of tileLayer(l, o.layers[l]!, o.layers[l + 1]!, o.arrayRows, o.arrayCols)) {
      arrays.push({
        id: `arr_${arrays.length + 1}`,
        name: `L${l} r${tile.rowOffset} c${tile.colOffset}`,
        x: 0,
        y: 0,
        rotation: 0,
        rows: o.arrayRows,
        cols: o.arrayCols,
        topology: o.topology,
        device: o.device.id,
        mapping: o.mapping,
        driverSide: 'left',
        dacBits: o.dacBits ?? DEFAULT_CONVERTER_BITS,
        adcBits: o.adcBits ?? DEFAULT_CONVERTER_BITS,
        states: { encoding: 'fill', level: 0 },
        tile: { layer: tile.layer, rowOffset: tile.rowOffset, colOffset: tile.colOffset },
      });
      if (o.states) {
        const a = arrays[arrays.length - 1]!;
        a.states = encodeStates(
          patternStates(o.states.pattern, a.rows, physicalColumns(a), levelCount(o.device), o.states.seed + arrays.length),
        );
      }
    }
  }
  if (arrays.length > LIMITS.maxArrays)
    throw new UserError(
      `the network needs ${arrays.length} arrays of ${o.arrayRows}x${o.arrayCols}, over the limit of ${LIMITS.maxArrays}; use larger arrays`,
    );
  const design: Design = {
    schemaVersion: 2,
    chip: { name: o.name, width: 1, height: 1, units: 'um', grid: DEFAULT_GRID_UM },
    technology,
    devices: [o.device],
    arrays,
  };
  const sizes = arrays.map((a) => arrayFootprint(design, a)!);
  const area = sizes.reduce((s, r) => s + (r.width + ARRAY_GAP_UM) * (r.height + ARRAY_GAP_UM), 0);
  const widest = Math.max(...sizes.map((s) => s.width));
  const maxWidth = Math.max(Math.sqrt(area) * 1.05, widest) + 2 * DEFAULT_MARGIN_UM;
  const snapped = sizes.map((s) => ({ width: snapUp(s.width, DEFAULT_GRID_UM), height: snapUp(s.height, DEFAULT_GRID_UM) }));
  const placed = shelfPack(snapped, maxWidth, ARRAY_GAP_UM, DEFAULT_MARGIN_UM);
  let right = 0;
  let bottom = 0;
  arrays.forEach((a, i) => {
    const p = placed[i]!;
    a.x = p.x;
    a.y = p.y;
    right = Math.max(right, p.x + sizes[i]!.width);
    bottom = Math.max(bottom, p.y + sizes[i]!.height);
  });
  design.chip.width = snapUp(right + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  design.chip.height = snapUp(bottom + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  if (design.chip.width > LIMITS.maxDieEdgeUm || design.chip.height > LIMITS.maxDieEdgeUm) {
    throw new UserError(
      `the layout needs a ${design.chip.width} x ${design.chip.height} um die, over the ${LIMITS.maxDieEdgeUm} um limit`,
    );
  }
  return design;
}
