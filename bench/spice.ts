/**
 * SPICE export benchmark: a passive array of R x C physical cells (differential mapping,
 * random states, 2.5 ohm wires) exported as `export-spice -o` does (the deck streamed
 * through the atomic writer: temp file, fsync, rename), with its time, deck size and
 * the process's peak memory, against a reference measured in the same run: the same
 * number of bytes of deck text written with a plain write stream and fsynced, which is
 * what the disk alone costs. Sizes run in the order given; peak RSS is the process's
 * highest so far, so give them ascending.
 * Usage: npm run bench -- spice [RxC ...]   (default 1024x1024; the largest legal array is 4096x8192)
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { deviceFromPreset } from '../core/devices/presets.js';
import { writeFileAtomic } from '../core/files/atomic-write.js';
import { newSingleArrayDesign } from '../core/model/new-design.js';
import { spiceDeckChunks } from '../core/spice/deck.js';

const MB = 2 ** 20;

export default async function bench(args: string[]): Promise<void> {
  const sizes = (args.length > 0 ? args : ['1024x1024']).map(parseSize);
  const rows: string[][] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-bench-spice-'));
  try {
    for (const [R, C] of sizes) {
      const design = newSingleArrayDesign({
        name: `bench ${R}x${C}`,
        topology: 'passive',
        rows: R,
        cols: C / 2,
        device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
        mapping: 'differential',
        states: 'random',
        seed: 1,
        wireResistance: 2.5,
      });
      const before = process.memoryUsage().rss / MB;
      const deck = path.join(dir, 'deck.cir');
      const t0 = performance.now();
      const bytes = await writeFileAtomic(deck, spiceDeckChunks(design, { arrayId: 'arr_1' }));
      const exportS = (performance.now() - t0) / 1000;
      const peak = process.resourceUsage().maxRSS / 1024;
      const sample = await firstBytes(deck, 2 ** 18);
      await rm(deck);

      const reference = path.join(dir, 'reference.cir');
      const t1 = performance.now();
      await plainWrite(reference, sample, bytes);
      const referenceS = (performance.now() - t1) / 1000;
      await rm(reference);

      rows.push([
        `${R}x${C}`,
        `${(bytes / MB).toFixed(0)} MB`,
        `${exportS.toFixed(2)} s`,
        `${(bytes / MB / exportS).toFixed(0)} MB/s`,
        `${referenceS.toFixed(2)} s`,
        `${(exportS / referenceS).toFixed(1)}x`,
        `${before.toFixed(0)} MB`,
        `${peak.toFixed(0)} MB`,
      ]);
      console.log(rows[rows.length - 1]!.join(' | '));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  printTable(['array', 'deck', 'export', 'throughput', 'plain write + fsync', 'export / plain', 'RSS before', 'peak RSS'], rows);
}

function parseSize(arg: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(arg);
  if (!m || Number(m[2]) % 2 !== 0)
    throw new Error(`bench spice: size "${arg}" must be RxC physical cells, C even (e.g. 1024x1024)`);
  return [Number(m[1]), Number(m[2])];
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** `total` bytes of `sample`, repeated, through a write stream that honours backpressure, then fsynced. */
async function plainWrite(file: string, sample: Buffer, total: number): Promise<void> {
  const stream = createWriteStream(file);
  for (let written = 0; written < total; written += sample.byteLength) {
    const piece = total - written < sample.byteLength ? sample.subarray(0, total - written) : sample;
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  const handle = await open(file, 'r+');
  await handle.sync();
  await handle.close();
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
