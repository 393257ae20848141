/**
 * CLI start-up benchmark: whole `spinplan` processes (node bin/spinplan.mjs, the compiled
 * CLI, built first) against a bare `node -e 0` measured in the same run, the runs of each
 * kind interleaved so a busy machine weighs on all of them alike:
 * - `validate` of a small design: within 4 times a bare node start;
 * - `simulate` of a 128 x 128 array: within 1 s;
 * - `simulate` of a 100 x 100 array: at least 1000 times faster than ngspice -b on the
 *   deck `export-spice` writes of it (ngspice capped at 60 s; "> N x" when it hit the cap,
 *   and a 100 x 100 deck takes ngspice longer than that: give a larger cap to see the ratio).
 * Medians decide (minima printed beside them).
 * Usage: npm run bench -- cli [RUNS] [NGSPICE_CAP_S]   (default 9 runs of each, 60 s)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/spinplan.mjs');
// The CLI just built, even if a source is saved during the run (bin/spinplan.mjs would then run the sources).
const env = { ...process.env, SPINPLAN_CLI: 'compiled' };

interface Timed {
  seconds: number;
  status: number | null;
  stderr: string;
}

function timed(command: string, args: string[], timeoutS?: number): Timed {
  const t0 = performance.now();
  const r = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    ...(timeoutS ? { timeout: timeoutS * 1000 } : {}),
  });
  return { seconds: (performance.now() - t0) / 1000, status: r.status, stderr: r.stderr ?? '' };
}

function spinplan(args: string[]): Timed {
  const r = timed(process.execPath, [bin, ...args]);
  if (r.status !== 0) throw new Error(`spinplan ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;

export default async function bench(args: string[]): Promise<void> {
  const runs = Number(args[0] ?? 9);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench cli: RUNS must be a whole number >= 1, not "${args[0]}"`);
  const cap = Number(args[1] ?? 60);
  if (!(cap > 0)) throw new Error(`bench cli: NGSPICE_CAP_S must be a number of seconds > 0, not "${args[1]}"`);
  const t0 = performance.now();
  await buildCli();
  console.log(`built dist/cli in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-bench-cli-'));
  try {
    const small = path.join(root, 'resources/examples/dw-notch-16x16-passive.spinplan.json');
    const design = (n: number) => {
      const file = path.join(dir, `passive-${n}.spinplan.json`);
      spinplan(['new', '--topology', 'passive', '--rows', String(n), '--cols', String(n), '--device', 'dw-notch-5', '-o', file]);
      return file;
    };
    const d128 = design(128);
    const d100 = design(100);

    const kinds: Record<string, () => Timed> = {
      'node -e 0': () => timed(process.execPath, ['-e', '0']),
      'spinplan --help': () => spinplan(['--help']),
      'spinplan validate (16 x 16 design)': () => spinplan(['validate', small]),
      'spinplan simulate 128 x 128': () => spinplan(['simulate', d128]),
      'spinplan simulate 100 x 100': () => spinplan(['simulate', d100]),
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let i = 0; i < runs; i++) for (const [k, f] of Object.entries(kinds)) times[k]!.push(f().seconds);

    const deck = path.join(dir, 'passive-100.cir');
    spinplan(['export-spice', d100, '-o', deck]);
    const spice = timed('ngspice', ['-b', deck], cap);
    const capped = spice.status === null;
    if (!capped && spice.status !== 0) throw new Error(`ngspice -b exited ${spice.status}: ${spice.stderr.slice(-500)}`);

    const bare = median(times['node -e 0']!);
    const rows = Object.entries(times).map(([k, xs]) => [
      k,
      ms(median(xs)),
      ms(Math.min(...xs)),
      `${(median(xs) / bare).toFixed(1)}x`,
    ]);
    rows.push([`ngspice -b (100 x 100 deck)`, capped ? `> ${cap} s (cap)` : ms(spice.seconds), '', '']);
    printTable(['process', `median of ${runs}`, 'min', 'median / node -e 0'], rows);

    const validate = median(times['spinplan validate (16 x 16 design)']!);
    const sim128 = median(times['spinplan simulate 128 x 128']!);
    const sim100 = median(times['spinplan simulate 100 x 100']!);
    const speedup = spice.seconds / sim100;
    console.log(
      [
        '',
        `validate: ${(validate / bare).toFixed(1)} x a bare node start (target <= 4 x): ${validate <= 4 * bare ? 'met' : 'NOT met'}`,
        `simulate 128 x 128, whole process: ${ms(sim128)} (target <= 1 s): ${sim128 <= 1 ? 'met' : 'NOT met'}`,
        `simulate 100 x 100 vs ngspice -b: ${capped ? '> ' : ''}${speedup.toFixed(0)} x faster (target >= 1000 x): ${speedup >= 1000 ? 'met' : capped ? 'not shown within the cap' : 'NOT met'}`,
      ].join('\n'),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
