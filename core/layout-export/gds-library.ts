import type { Design } from '../model/design.js';
import { arrayBlocks, placedArrays, type Block } from './floorplan-blocks.js';
import type { FloorplanLayerKey } from './layers.js';

/**
 * The database unit: 1 nm. Design lengths are micrometres, so a coordinate is the
 * micrometre value times 1000, rounded to the nearest nanometre: each edge is rounded on
 * its own, so blocks that abut in the design abut in the stream.
 */
export const DBU_PER_UM = 1000;
export const nm = (um: number): number => Math.round(um * DBU_PER_UM);

/** A rectangle in database units, y up: [x0, y0] lower left, [x1, y1] upper right. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One array layout as a structure (cell): its blocks in its own frame, origin at its lower-left corner. */
export interface GdsStructure {
  name: string;
  boxes: { layer: FloorplanLayerKey; box: Box }[];
}

/** A placement of a structure: its origin on the die and its counter-clockwise turn (GDSII's sense), degrees. */
export interface GdsInstance {
  structure: string;
  origin: { x: number; y: number };
  angle: 0 | 90 | 180 | 270;
  /** The design's array this places. */
  arrayId: string;
}

export interface GdsText {
  layer: FloorplanLayerKey;
  text: string;
  at: { x: number; y: number };
  /** Text height in database units. */
  height: number;
}

/**
 * A floorplan as a GDSII library, in database units with y up (the die's lower-left
 * corner at the origin, so KLayout shows it as the app does, top at the top).
 *
 * Arrays are structures placed by SREF, not flat boundaries: arrays of one layout (the
 * MNIST example's seven 128 x 128 arrays) are one structure placed several times, as one
 * hard macro is in a chip, so a layout engineer replaces its content with the real array
 * layout once and every placement follows; a turn is an exact instance transform, and
 * the hierarchy says which shapes are one array. The names are TEXT in the top
 * structure, upright at each footprint's centre, since instances of one structure carry
 * different names.
 */
export interface GdsLibrary {
  top: string;
  die: Box;
  structures: GdsStructure[];
  instances: GdsInstance[];
  texts: GdsText[];
}

/** GDSII structure names: letters, digits, '_', '?' and '$', at most 32 characters (release 6). */
const NAME_LIMIT = 32;
export function structureName(text: string, fallback: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_?$]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, NAME_LIMIT);
  return cleaned || fallback;
}

/** A name not yet taken: `base`, else `base_2`, `base_3`, ... kept within the length limit. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) {
    const suffix = `_${k}`;
    name = `${base.slice(0, NAME_LIMIT - suffix.length)}${suffix}`;
  }
  taken.add(name);
  return name;
}

/** The letters that name a topology in a structure name: row-transistor is RT, passive P. */
const initials = (words: string): string =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('');

export function gdsLibrary(design: Design): GdsLibrary {
  const dieH = nm(design.chip.height);
  const taken = new Set<string>();
  const top = unique(structureName(design.chip.name, 'FLOORPLAN'), taken);
  const byLayout = new Map<string, GdsStructure>();
  const structures: GdsStructure[] = [];
  const instances: GdsInstance[] = [];
  const texts: GdsText[] = [];
  for (const placed of placedArrays(design)) {
    const { array, layout, placement, footprint } = placed;
    const height = nm(layout.size.height);
    const boxes = arrayBlocks(layout).map((b) => ({ layer: b.layer, box: localBox(b, height) }));
    const key = JSON.stringify(boxes);
    let structure = byLayout.get(key);
    if (!structure) {
      const base = `ARRAY_${array.rows}X${layout.cols}_${initials(array.topology)}_${initials(array.driverSide)}`;
      structure = { name: unique(base, taken), boxes };
      byLayout.set(key, structure);
      structures.push(structure);
    }
    // The app turns clockwise with y down; seen with y up that is a clockwise turn too,
    // which GDSII (counter-clockwise angles) writes as 360 - rotation. The structure's
    // origin is its frame's lower-left corner: the frame's top-left (the placement's
    // point) less the turned height.
    const turn = placement.rotation;
    const sin = turn === 90 ? 1 : turn === 270 ? -1 : 0;
    const cos = turn === 0 ? 1 : turn === 180 ? -1 : 0;
    instances.push({
      structure: structure.name,
      origin: { x: nm(placement.x) - height * sin, y: dieH - nm(placement.y) - height * cos },
      angle: ((360 - turn) % 360) as GdsInstance['angle'],
      arrayId: array.id,
    });
    texts.push({
      layer: 'arrayName',
      text: array.name,
      at: { x: nm(footprint.x + footprint.width / 2), y: dieH - nm(footprint.y + footprint.height / 2) },
      height: nameHeight(array.name, footprint.width, footprint.height),
    });
  }
  return { top, die: { x0: 0, y0: 0, x1: nm(design.chip.width), y1: dieH }, structures, instances, texts };
}

/** A block of the array's frame (y down from its top) in the structure's frame (y up from its bottom). */
function localBox(block: Block, height: number): Box {
  const { x, y, width, h } = { ...block.rect, h: block.rect.height };
  return { x0: nm(x), x1: nm(x + width), y0: height - nm(y + h), y1: height - nm(y) };
}

/** A name fits its footprint: about 0.6 of the height per character across, at most a fifth of the height. */
function nameHeight(name: string, width: number, height: number): number {
  return nm(Math.min((0.9 * width) / (0.6 * Math.max(1, name.length)), height / 5));
}
