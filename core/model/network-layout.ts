import { DEFAULT_CONVERTER_BITS, DEFAULT_GRID_UM, DEFAULT_MARGIN_UM, defaultTechnology } from './defaults.js';
import type { ArrayRecord, Design, DeviceRecord, Mapping, Topology } from './design.js';
import { levelCount, physicalColumns } from './design.js';
import { arraySize } from './geometry.js';
import { snapUp } from './new-design.js';
import { encodeStates, patternStates, type StatePattern } from './states.js';
import { shelfPack, tileLayer } from './tiling.js';

export interface NetworkLayoutOptions {
  name: string;
  /** Layer widths, e.g. [784, 128, 10]: layer l maps layers[l] inputs to layers[l + 1] outputs. */
  layers: readonly number[];
  /** Which weight layers get arrays (default all); the others run digitally. */
  hostedLayers?: readonly number[];
  arrayRows: number;
  arrayCols: number;
  device: DeviceRecord;
  topology: Topology;
  mapping: Mapping;
  states: StatePattern;
  seed: number;
  /** Space between arrays, micrometres. */
  gap?: number;
}

/**
 * A design whose arrays host every tile of the chosen layers, all of one size, packed on
 * a near-square die without overlap.
 */
export function networkLayoutDesign(options: NetworkLayoutOptions): Design {
  const { device, arrayRows, arrayCols } = options;
  const hosted = options.hostedLayers ?? options.layers.slice(0, -1).map((_, l) => l);
  const arrays: ArrayRecord[] = [];
  for (const layer of hosted) {
    for (const tile of tileLayer(layer, options.layers[layer]!, options.layers[layer + 1]!, arrayRows, arrayCols)) {
      const n = arrays.length + 1;
      const array: ArrayRecord = {
        id: `arr_${n}`,
        name: `L${layer} r${tile.rowOffset} c${tile.colOffset}`,
        x: 0,
        y: 0,
        rotation: 0,
        rows: arrayRows,
        cols: arrayCols,
        topology: options.topology,
        device: device.id,
        mapping: options.mapping,
        driverSide: 'left',
        dacBits: DEFAULT_CONVERTER_BITS,
        adcBits: DEFAULT_CONVERTER_BITS,
        states: { encoding: 'fill', level: 0 },
        tile: { layer, rowOffset: tile.rowOffset, colOffset: tile.colOffset },
      };
      const levels = patternStates(options.states, arrayRows, physicalColumns(array), levelCount(device), options.seed + n);
      array.states = encodeStates(levels);
      arrays.push(array);
    }
  }
  const design: Design = {
    schemaVersion: 2,
    chip: { name: options.name, width: 1, height: 1, units: 'um', grid: DEFAULT_GRID_UM },
    technology: defaultTechnology(),
    devices: [device],
    arrays,
  };
  const gap = options.gap ?? 2 * DEFAULT_GRID_UM;
  const sizes = arrays.map((a) => arraySize(design, a, device));
  const columns = Math.ceil(Math.sqrt(arrays.length));
  const rowWidth = columns * (Math.max(...sizes.map((s) => s.width)) + gap) - gap + 2 * DEFAULT_MARGIN_UM;
  const placed = shelfPack(sizes, rowWidth + 1e-9, gap, DEFAULT_MARGIN_UM);
  let right = 0;
  let bottom = 0;
  placed.forEach((p, i) => {
    const a = arrays[i]!;
    a.x = snapUp(p.x, DEFAULT_GRID_UM);
    a.y = snapUp(p.y, DEFAULT_GRID_UM);
    right = Math.max(right, a.x + p.width);
    bottom = Math.max(bottom, a.y + p.height);
  });
  design.chip.width = snapUp(right + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  design.chip.height = snapUp(bottom + DEFAULT_MARGIN_UM, DEFAULT_GRID_UM);
  return design;
}
