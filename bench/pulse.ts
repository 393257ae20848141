/**
 * Pulse-level programming benchmark (core/devices/pulse): PulseArray.apply over a million
 * devices, the call training on the chip makes once per update. Each device gets 1..3
 * SET or RESET pulses (random, fixed seed), the signs flipped every call so devices go
 * back and forth instead of piling up at a window end; five calls per kind after four
 * warm-up calls. The figure is device-pulses per second (pulses applied / time), the target
 * 10 M/s. Garbage collections during the timed calls show whether apply allocates: it
 * should cause none.
 * Usage: npm run bench -- pulse [DEVICES]   (default 1000000)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { measuredDevice } from '../core/devices/measured.js';
import { deviceModel } from '../core/devices/device-model-of.js';
import { deviceFromPreset } from '../core/devices/presets.js';
import { pulseModel } from '../core/devices/pulse/pulse-model-of.js';
import { Random } from '../core/math/random.js';
import type { DeviceRecord } from '../core/model/design.js';

const CALLS = 5;

export default async function bench(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 1_000_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench pulse: DEVICES must be a whole number >= 1, not "${args[0]}"`);
  const sot = deviceFromPreset('multilevel-sot', { id: 'dev_1' });
  const measured = measuredDevice({
    id: 'dev_1',
    name: '32 measured levels',
    values: Array.from({ length: 32 }, (_, j) => (10 + j) * 1e-6),
    quantity: 'conductance',
    ctc: 0.02,
  });
  const kinds: [string, DeviceRecord][] = [
    ['multilevel-sot (CTC 5 % of the window)', sot],
    ['multilevel-sot, D2D 5 % (per-device branch)', { ...sot, variation: { ...sot.variation, d2d: 0.05 } }],
    ['tilted-11 (multilevel, CTC 2 %)', deviceFromPreset('tilted-11', { id: 'dev_1' })],
    ['sot-mtj-1.6nm, 3 cells (compound MTJ)', deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 })],
    ['dw-notch-10', deviceFromPreset('dw-notch-10', { id: 'dev_1' })],
    ['measured, 32 levels (table lookup, CTC 2 %)', measured],
  ];
  const rows: string[][] = [];
  for (const [name, device] of kinds) {
    const levels = deviceModel(device).levels.length;
    const rng = new Random(1);
    const initial = Uint8Array.from({ length: n }, () => rng.int(levels));
    const counts = Int32Array.from({ length: n }, () => (rng.int(3) + 1) * (rng.uniform() < 0.5 ? -1 : 1));
    const back = counts.map((c) => -c);
    const array = pulseModel(device).create(initial, new Random(2));
    const ctc = new Random(3);
    const tally = { set: 0, reset: 0 };
    // Warm-up: both directions, so the timed calls run optimised code.
    for (let k = 0; k < 4; k++) array.apply(k % 2 === 0 ? counts : back, ctc, tally);
    const collections: number[] = [];
    const observer = new PerformanceObserver((list) => collections.push(...list.getEntries().map((e) => e.startTime)));
    observer.observe({ entryTypes: ['gc'] });
    const before = tally.set + tally.reset;
    const t0 = performance.now();
    for (let k = 0; k < CALLS; k++) array.apply(k % 2 === 0 ? back : counts, ctc, tally);
    const t1 = performance.now();
    // GC entries arrive after the loop: give the observer a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    const seconds = (t1 - t0) / 1000;
    const pulses = tally.set + tally.reset - before;
    rows.push([
      name,
      `${(pulses / CALLS / 1e6).toFixed(2)} M`,
      `${((seconds / CALLS) * 1000).toFixed(0)} ms`,
      `${(pulses / seconds / 1e6).toFixed(1)} M/s`,
      String(collections.filter((t) => t >= t0 && t <= t1).length),
    ]);
    console.log(rows[rows.length - 1]!.join(' | '));
  }
  printTable([`kind (${n} devices)`, 'pulses a call', 'apply', 'device-pulses/s', 'GCs in 5 calls'], rows);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
