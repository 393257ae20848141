import { DEFAULT_MARGIN_UM } from '../defaults.js';
import type { Design } from '../design.js';
import { arrayFootprint, snapUp } from '../geometry.js';
import { ARRAY_GAP_UM, checkDieSize, squareShelfWidth } from '../network-layout.js';
import { shelfPackOnGrid } from '../tiling.js';

/** Whether any array's footprint (size on the die) differs, or arrays came or went, between two designs. */
export function footprintsChanged(base: Design, variant: Design): boolean {
  if (base.arrays.length !== variant.arrays.length) return true;
  const before = new Map(base.arrays.map((a) => [a.id, arrayFootprint(base, a)]));
  return variant.arrays.some((a) => {
    if (!before.has(a.id)) return true;
    const b = before.get(a.id);
    const f = arrayFootprint(variant, a);
    return !b || !f || b.width !== f.width || b.height !== f.height;
  });
}

/**
 * The arrays shelf-packed in list order on a roughly square die that fits them, on the
 * chip grid with the margins and gaps layout-network uses, and the die fitted to them. A
 * variant whose arrays changed size gets a floorplan like the one a user would lay out,
 * so its area is comparable with the other points' (the arrays kept where they were would
 * overlap or leave the die).
 */
export function repackArrays(design: Design): Design {
  const { grid } = design.chip;
  const margin = snapUp(DEFAULT_MARGIN_UM, grid);
  const gap = snapUp(ARRAY_GAP_UM, grid);
  const sizes = design.arrays.map((a) => arrayFootprint(design, a) ?? { width: grid, height: grid });
  if (sizes.length === 0) return design;
  const placed = shelfPackOnGrid(sizes, squareShelfWidth(sizes, gap, margin), gap, margin, grid);
  let right = 0;
  let bottom = 0;
  const arrays = design.arrays.map((a, i) => {
    const p = placed[i]!;
    right = Math.max(right, p.x + sizes[i]!.width);
    bottom = Math.max(bottom, p.y + sizes[i]!.height);
    return { ...a, x: p.x, y: p.y };
  });
  const width = snapUp(right + margin, grid);
  const height = snapUp(bottom + margin, grid);
  checkDieSize(width, height);
  return { ...design, chip: { ...design.chip, width, height }, arrays };
}
