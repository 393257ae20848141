import type { ArrayRecord, Design } from '../design.js';
import { nextId } from '../ids.js';
import { checkArrayCount, checkArraySize, checkLayer, layerTileArrays } from '../network-layout.js';
import { UserError } from '../problems.js';

/**
 * Weight layers whose hosting arrays changed size between `base` and `variant` (by id):
 * their tiles no longer cover the layer, so the layer must be tiled anew.
 */
export function tiledLayersResized(base: Design, variant: Design): number[] {
  const before = new Map(base.arrays.map((a) => [a.id, a]));
  const layers = new Set<number>();
  for (const a of variant.arrays) {
    const b = before.get(a.id);
    if (a.tile && b && (a.rows !== b.rows || a.cols !== b.cols)) layers.add(a.tile.layer);
  }
  return [...layers].sort((x, y) => x - y);
}

/**
 * The design with weight layer `layer` hosted by tiles of its arrays' new size: the arrays
 * that hosted it are replaced, where the first of them stood in the list, by one array
 * per tile (named and made as layout-network makes them), with the first array's topology,
 * device, mapping, drivers and converters. Ids are kept in tile order, new ones follow the
 * design's. Cells start at level 0: evaluation programs them from the weights. Placement
 * is left to the caller (repackArrays).
 */
export function retileLayer(design: Design, layers: readonly number[], layer: number): Design {
  checkLayer(layers, layer);
  const hosting = design.arrays
    .filter((a) => a.tile?.layer === layer)
    .sort((a, b) => a.tile!.rowOffset - b.tile!.rowOffset || a.tile!.colOffset - b.tile!.colOffset);
  const first = hosting[0];
  if (!first) return design;
  const sizes = new Set(hosting.map((a) => `${a.rows}x${a.cols}`));
  if (sizes.size > 1)
    throw new UserError(
      `the arrays hosting layer ${layer} would have different sizes (${[...sizes].join(', ')}); ` +
        `vary the size of all of them together (arrays.*.rows, arrays.*.cols)`,
    );
  checkArraySize(first.rows, first.cols);
  const tiles = Math.ceil(layers[layer]! / first.rows) * Math.ceil(layers[layer + 1]! / first.cols);
  checkArrayCount(
    design.arrays.length - hosting.length + tiles,
    first.rows,
    first.cols,
    `layer ${layer} on ${first.rows}x${first.cols} arrays`,
  );

  const kept = hosting.map((a) => a.id);
  const others = design.arrays.filter((a) => a.tile?.layer !== layer);
  const taken = new Set(design.arrays.map((a) => a.id));
  const idOf = (i: number): string => {
    if (i < kept.length) return kept[i]!;
    const id = nextId('arr', taken);
    taken.add(id);
    return id;
  };
  const records: ArrayRecord[] = layerTileArrays(
    layers,
    layer,
    {
      arrayRows: first.rows,
      arrayCols: first.cols,
      topology: first.topology,
      deviceId: first.device,
      mapping: first.mapping,
      dacBits: first.dacBits,
      adcBits: first.adcBits,
    },
    idOf,
  ).map((r) => ({ ...r, driverSide: first.driverSide }));
  // Where the first hosting array stood in the list (the arrays before it host other things).
  const at = Math.min(...hosting.map((a) => design.arrays.indexOf(a)));
  const before = design.arrays.slice(0, at);
  return { ...design, arrays: [...before, ...records, ...others.slice(before.length)] };
}
