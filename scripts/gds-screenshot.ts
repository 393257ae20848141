import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../core/cli/main.js';
import { renderGds } from './klayout/render.js';

/**
 * The README's pictures of the GDSII export: `spinplan export-gds` on the MNIST example,
 * rendered by KLayout in batch mode (no display), the whole die with a legend and a detail
 * of one array's lower-left corner (drivers, the row transistors, cells, sense/ADC band).
 * Run: node --import tsx scripts/gds-screenshot.ts
 */
const root = path.resolve(import.meta.dirname, '..');
const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-gds-shot-'));
const gds = path.join(dir, 'mnist.gds');
const code = await runCli(
  ['export-gds', path.join(root, 'resources/examples/mnist-784x128-compound-mtj.spinplan.json'), '-o', gds],
  {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: root,
  },
);
if (code !== 0) process.exit(code);
const shots = path.join(root, 'docs/screenshots');
await renderGds(gds, path.join(shots, 'gds-klayout.png'), { width: 1200, height: 1000 });
// The first array's lower-left corner: its block starts at (50, 1074.8) um with y up.
await renderGds(gds, path.join(shots, 'gds-klayout-detail.png'), { width: 500, height: 500, box: [46, 1071, 86, 1111] });
console.log('wrote docs/screenshots/gds-klayout.png and docs/screenshots/gds-klayout-detail.png');
