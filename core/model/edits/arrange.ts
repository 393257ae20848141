import type { ArrayRecord, Design } from '../design.js';
import { arrayFootprint, type Rect } from '../geometry.js';
import { emptyDiff, type DesignDiff } from './diff.js';

/**
 * Edits that arrange several arrays as one group: turn or mirror the group about its
 * common centre, align its edges or centres, spread it out evenly. Each returns one diff
 * (one undo step) and never mutates the design.
 */

/** Clockwise or counter-clockwise, as seen on screen (y down). */
export type Turn = 'cw' | 'ccw';
/** `horizontal` swaps left and right, `vertical` top and bottom. */
export type Axis = 'horizontal' | 'vertical';
export type AlignEdge = 'left' | 'centre' | 'right' | 'top' | 'middle' | 'bottom';

interface Member {
  record: ArrayRecord;
  fp: Rect;
}

/** The arrays of `ids` the design has, with their footprints, in the design's order. */
function members(design: Design, ids: readonly string[]): Member[] {
  const wanted = new Set(ids);
  const out: Member[] = [];
  for (const record of design.arrays) {
    if (!wanted.has(record.id)) continue;
    const fp = arrayFootprint(design, record);
    if (fp) out.push({ record, fp });
  }
  return out;
}

/** The smallest rectangle holding every footprint of the group, or null for no arrays. */
export function groupBounds(design: Design, ids: readonly string[]): Rect | null {
  return boundsOf(members(design, ids).map((m) => m.fp));
}

function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Positions are kept to a micrometre's millionth: a turn and its inverse land where they started. */
const tidy = (v: number) => Math.round(v * 1e6) / 1e6 + 0;

/** A diff moving (and turning) each member to its new top-left corner; unchanged ones are left out. */
function placeAll(
  moves: readonly { record: ArrayRecord; x: number; y: number; rotation?: ArrayRecord['rotation'] }[],
): DesignDiff {
  const diff = emptyDiff();
  for (const { record, x, y, rotation = record.rotation } of moves) {
    const next = { ...record, x: tidy(x), y: tidy(y), rotation };
    if (next.x !== record.x || next.y !== record.y || next.rotation !== record.rotation)
      diff.arrays.updated[record.id] = [record, next];
  }
  return diff;
}

/**
 * The shift that brings a rectangle inside the die along one axis: none when it is inside,
 * onto the near edge when it sticks out, onto the low edge when it is larger than the die
 * (then the design's die rule names the array that does not fit).
 */
function intoDie(start: number, size: number, die: number): number {
  if (start < 0 || size > die) return -start;
  if (start + size > die) return die - (start + size);
  return 0;
}

/**
 * Turns the group by 90 degrees about the centre of its bounds: each array's footprint
 * turns about that point and the array itself turns with it, so the group keeps its
 * shape. When the turned group would stick out of the die, it is shifted (as one) back in.
 */
export function rotateAboutCentre(design: Design, ids: readonly string[], turn: Turn = 'cw'): DesignDiff {
  const group = members(design, ids);
  const b = boundsOf(group.map((m) => m.fp));
  if (!b) return emptyDiff();
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  // The turned bounds keep the centre and swap width and height.
  const dx = intoDie(cx - b.height / 2, b.height, design.chip.width);
  const dy = intoDie(cy - b.width / 2, b.width, design.chip.height);
  return placeAll(
    group.map(({ record, fp }) => {
      // Clockwise on screen (y down) maps an offset (u, v) to (-v, u); counter-clockwise to (v, -u).
      const x = turn === 'cw' ? cx - (fp.y + fp.height - cy) : cx + (fp.y - cy);
      const y = turn === 'cw' ? cy + (fp.x - cx) : cy - (fp.x + fp.width - cx);
      const rotation = ((record.rotation + (turn === 'cw' ? 90 : 270)) % 360) as ArrayRecord['rotation'];
      return { record, x: x + dx, y: y + dy, rotation };
    }),
  );
}

/**
 * Mirrors the group's placement about the centre of its bounds: arrays swap sides, each
 * keeping its own orientation (the file has no mirrored orientation of an array: its
 * rows, columns and periphery stay as they are).
 */
export function mirrorPlacement(design: Design, ids: readonly string[], axis: Axis): DesignDiff {
  const group = members(design, ids);
  const b = boundsOf(group.map((m) => m.fp));
  if (!b) return emptyDiff();
  return placeAll(
    group.map(({ record, fp }) =>
      axis === 'horizontal'
        ? { record, x: 2 * b.x + b.width - fp.x - fp.width, y: fp.y }
        : { record, x: fp.x, y: 2 * b.y + b.height - fp.y - fp.height },
    ),
  );
}

/**
 * Lines the arrays up on one edge or centre line of the group's bounds; a single array is
 * aligned with the die instead.
 */
export function alignArrays(design: Design, ids: readonly string[], edge: AlignEdge): DesignDiff {
  const group = members(design, ids);
  const b =
    group.length === 1 ? { x: 0, y: 0, width: design.chip.width, height: design.chip.height } : boundsOf(group.map((m) => m.fp));
  if (!b) return emptyDiff();
  return placeAll(
    group.map(({ record, fp }) => {
      switch (edge) {
        case 'left':
          return { record, x: b.x, y: fp.y };
        case 'centre':
          return { record, x: b.x + (b.width - fp.width) / 2, y: fp.y };
        case 'right':
          return { record, x: b.x + b.width - fp.width, y: fp.y };
        case 'top':
          return { record, x: fp.x, y: b.y };
        case 'middle':
          return { record, x: fp.x, y: b.y + (b.height - fp.height) / 2 };
        case 'bottom':
          return { record, x: fp.x, y: b.y + b.height - fp.height };
      }
    }),
  );
}

/**
 * Spreads three or more arrays so the gaps between neighbours are equal along one axis;
 * the first and last (by position) stay where they are. Fewer than three change nothing.
 */
export function distributeArrays(design: Design, ids: readonly string[], axis: Axis): DesignDiff {
  const group = members(design, ids);
  if (group.length < 3) return emptyDiff();
  const h = axis === 'horizontal';
  const start = (r: Rect) => (h ? r.x : r.y);
  const size = (r: Rect) => (h ? r.width : r.height);
  const sorted = [...group].sort((a, b) => start(a.fp) + size(a.fp) / 2 - (start(b.fp) + size(b.fp) / 2));
  const first = sorted[0]!.fp;
  const last = sorted[sorted.length - 1]!.fp;
  const span = start(last) + size(last) - start(first);
  const gap = (span - sorted.reduce((s, m) => s + size(m.fp), 0)) / (sorted.length - 1);
  let at = start(first);
  return placeAll(
    sorted.map(({ record, fp }) => {
      const to = at;
      at += size(fp) + gap;
      return h ? { record, x: to, y: fp.y } : { record, x: fp.x, y: to };
    }),
  );
}
