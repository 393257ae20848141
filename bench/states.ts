/**
 * State grid benchmark: one byte per physical cell, base64 in the design file
 * (core/model/base64.ts), for random states of the sizes given, up to the largest legal
 * array (4096 x 8192 physical cells, 33.5 M bytes). Encoding is what saving a design
 * costs per array, decoding what opening it costs; Node's own Buffer encoder is the
 * reference measured in the same run (the pure engine cannot use it: it runs in the
 * browser too). Each figure is the best of three runs.
 * Usage: npm run bench -- states [RxC ...]   (default 1024x1024 4096x8192)
 */
import { decodeBase64, encodeBase64 } from '../core/model/base64.js';
import { patternStates } from '../core/model/states.js';

export default function bench(args: string[]): void {
  const sizes = (args.length > 0 ? args : ['1024x1024', '4096x8192']).map(parseSize);
  const rows: string[][] = [];
  for (const [R, C] of sizes) {
    const states = patternStates('random', R, C, 11, 1);
    const encode = best(() => encodeBase64(states));
    const text = encodeBase64(states);
    const decode = best(() => decodeBase64(text));
    const reference = best(() => Buffer.from(states.buffer, states.byteOffset, states.byteLength).toString('base64'));
    const same = text === Buffer.from(states.buffer, states.byteOffset, states.byteLength).toString('base64');
    rows.push([
      `${R} x ${C}`,
      `${(states.length / 1e6).toFixed(1)} M`,
      `${encode.toFixed(3)} s`,
      `${decode.toFixed(3)} s`,
      `${reference.toFixed(3)} s`,
      same ? 'yes' : 'NO',
    ]);
    console.log(rows[rows.length - 1]!.join(' | '));
  }
  printTable(['physical cells', 'bytes', 'encode', 'decode', 'Buffer encode (reference)', 'identical to Buffer'], rows);
}

function best(run: () => unknown): number {
  let min = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    run();
    min = Math.min(min, (performance.now() - t) / 1000);
  }
  return min;
}

function parseSize(arg: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(arg);
  if (!m) throw new Error(`bench states: size "${arg}" must be RxC physical cells (e.g. 4096x8192)`);
  return [Number(m[1]), Number(m[2])];
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
