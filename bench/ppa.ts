/**
 * What the chip's cost (core/ppa, issue 12) adds to an evaluation: `spinplan evaluate` of
 * the MNIST example with and without it, alternately, the same data, weights and draws;
 * the median of each and the overhead (target: under 5 %). Also the cost model alone on
 * the layout, and `spinplan check`'s rules with every array solved.
 *
 *   npm run bench -- ppa [LIMIT] [ROUNDS]     (defaults 1000 test images, 3 rounds of each)
 */
import { loadDesign } from '../core/files/design-file.js';
import { loadDataset, subset } from '../core/nn/datasets.js';
import { evaluateDesign } from '../core/nn/evaluate.js';
import { DEFAULT_NETWORK } from '../core/nn/network.js';
import { DEFAULT_RECIPE, trainedWeights } from '../core/nn/train.js';
import { chipCost } from '../core/ppa/chip-cost.js';
import { electricalChecks } from '../core/ppa/checks.js';
import { designLayers } from '../core/ppa/design-layers.js';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export default async function ppaBench(args: string[]): Promise<void> {
  const limit = Number(args[0] ?? 1000);
  const rounds = Number(args[1] ?? 3);
  const design = await loadDesign(
    new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url).pathname,
  );
  const data = subset(await loadDataset('mnist'), 1000, limit);
  const { weights } = await trainedWeights(DEFAULT_NETWORK, 'mnist', DEFAULT_RECIPE);
  const run = async (ppa: boolean) => {
    const t = performance.now();
    const r = await evaluateDesign(design, { dataset: 'mnist', loaded: data, weights, monteCarlo: 2, seed: 1, ppa });
    return { seconds: (performance.now() - t) / 1000, ppaSeconds: r.timing.ppa ?? 0 };
  };
  await run(false); // warm-up: backend, caches
  const with_: number[] = [];
  const without: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < rounds; i++) {
    without.push((await run(false)).seconds);
    const r = await run(true);
    with_.push(r.seconds);
    inside.push(r.ppaSeconds);
  }
  const a = median(without);
  const b = median(with_);
  console.log(`evaluate, MNIST example, ${limit} test images, 2 draws, ${rounds} rounds each (median):`);
  console.log(
    `  without the chip cost ${a.toFixed(2)} s, with it ${b.toFixed(2)} s: ${((100 * (b - a)) / a).toFixed(1)} % more (noise included)`,
  );
  console.log(
    `  the chip cost's own time inside the run (timing.ppa): ${(1000 * median(inside)).toFixed(1)} ms = ${((100 * median(inside)) / b).toFixed(2)} % of the run`,
  );
  let t = performance.now();
  for (let i = 0; i < 20; i++) chipCost(design, designLayers(design), { readPulse: 10e-9 });
  console.log(`  the cost model alone on the layout's 7 arrays: ${((performance.now() - t) / 20).toFixed(2)} ms`);
  t = performance.now();
  const findings = electricalChecks(design);
  console.log(
    `  spinplan check's rules, every array solved: ${(performance.now() - t).toFixed(0)} ms (${findings.length} findings)`,
  );
  t = performance.now();
  for (let i = 0; i < 20; i++) electricalChecks(design, { measure: 'ideal' });
  console.log(`  the editor's rules (no solve), per edit: ${((performance.now() - t) / 20).toFixed(2)} ms`);
}
