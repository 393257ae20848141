import { describe, expect, it } from 'vitest';
import { Random } from '../math/random.js';
import { buildArrayCircuit } from './array-circuit.js';
import { smallDesign } from './test-designs.js';
import { extractTransfer } from './transfer.js';
import { TransferStructures } from './transfer-plan.js';

describe('the structure kept between extractions', () => {
  const design = smallDesign({ topology: 'row-transistor', rows: 12, cols: 6, seed: 2 });
  const draw = (seed: number) => {
    const rng = new Random(seed);
    return Float64Array.from({ length: 12 * 12 }, () => 2e-5 + 6e-5 * rng.uniform());
  };

  it('serves the next array of the same structure: same plan, the same numbers as a fresh extraction', () => {
    const structures = new TransferStructures();
    const first = extractTransfer(design, 'arr_1', draw(1), { rowAdmittance: true, structures });
    const firstPlan = structures.planFor(buildArrayCircuit(design, 'arr_1', draw(1), structures.pattern), {
      rowAdmittance: true,
    });
    const second = extractTransfer(design, 'arr_1', draw(2), { rowAdmittance: true, structures });
    const again = structures.planFor(buildArrayCircuit(design, 'arr_1', draw(2), structures.pattern), { rowAdmittance: true });
    expect(again.tree).toBe(firstPlan.tree);
    expect(Array.from(first.a)).toEqual(Array.from(extractTransfer(design, 'arr_1', draw(1), { rowAdmittance: true }).a));
    expect(Array.from(second.a)).toEqual(Array.from(extractTransfer(design, 'arr_1', draw(2), { rowAdmittance: true }).a));
    expect(Array.from(second.y!)).toEqual(Array.from(extractTransfer(design, 'arr_1', draw(2), { rowAdmittance: true }).y!));
  });

  it('starts over for another structure: an ideal wire that merges nodes, the row admittance, a size', () => {
    const structures = new TransferStructures();
    const plan = (d: typeof design, rowAdmittance = true) =>
      structures.planFor(buildArrayCircuit(d, 'arr_1', undefined, structures.pattern), { rowAdmittance });
    const base = plan(design);
    expect(plan(design).tree).toBe(base.tree);
    const ideal = structuredClone(design);
    ideal.technology.wire = { mode: 'per-cell', row: 0, col: 2.5 };
    const merged = plan(ideal);
    expect(merged.tree).not.toBe(base.tree);
    expect(merged.tree.order.length).toBeLessThan(base.tree.order.length);
    expect(plan(ideal, false).tree).not.toBe(merged.tree);
    const bigger = smallDesign({ topology: 'row-transistor', rows: 14, cols: 6, seed: 2 });
    expect(plan(bigger).tree.order.length).toBeGreaterThan(base.tree.order.length);
    expect(Array.from(extractTransfer(bigger, 'arr_1', undefined, { structures }).a)).toEqual(
      Array.from(extractTransfer(bigger, 'arr_1').a),
    );
  });
});
