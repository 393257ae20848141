import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../model/limits.js';
import { runCli } from './main.js';

/**
 * Numbers and layer lists the network commands used to take and run with: `study ctc
 * --limit 0` started training, `--layers 784,-1,10` trained a 784-1-10 network and
 * `layout-network` built a billion tiles before counting them (a heap error, exit 134).
 * Each must exit 2 at once, naming the option, the value and the allowed range, having
 * trained and written nothing.
 */
async function run(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

const DESIGN = 'd.spinplan.json';
const NEW = ['new', '--topology', 'passive', '--rows', '8', '--cols', '4', '--device', 'tilted-11', '-o', DESIGN];

const cases: [string, readonly string[], string | RegExp][] = [
  ['study --limit 0', ['study', 'ctc', '--limit', '0'], '--limit 0 is not allowed, must be at least 1'],
  ['study --limit -5', ['study', 'ctc', '--limit', '-5'], '--limit -5 is not allowed, must be at least 1'],
  ['study --mc 0', ['study', 'ctc', '--mc', '0'], '--mc 0 is not allowed, must be 1..1000'],
  ['study --epochs 0', ['study', 'ctc', '--epochs', '0'], '--epochs 0 is not allowed, must be 1..1000'],
  ['study --ft-epochs 0', ['study', 'dw-notch', '--ft-epochs', '0'], '--ft-epochs 0 is not allowed, must be 1..1000'],
  ['study --seed -1', ['study', 'ctc', '--seed', '-1'], '--seed -1 is not allowed, must be 0..4294967295'],
  [
    'study --adc-bits 0',
    ['study', 'tmr-levels', '--adc-bits', '0'],
    `--adc-bits 0 is not allowed, must be 1..${LIMITS.maxConverterBits}`,
  ],
  ['study --wire-r -1', ['study', 'tmr-levels', '--wire-r', '-1'], '--wire-r -1 is not allowed, must be 0..1000000000'],
  ['evaluate --limit 0', ['evaluate', DESIGN, '--limit', '0'], '--limit 0 is not allowed, must be at least 1'],
  ['evaluate --mc 0', ['evaluate', DESIGN, '--mc', '0'], '--mc 0 is not allowed, must be 1..1000'],
  ['evaluate --clip 101', ['evaluate', DESIGN, '--clip', '101'], '--clip 101 is not allowed, must be 0..100'],
  ['evaluate --epochs 0', ['evaluate', DESIGN, '--epochs', '0'], '--epochs 0 is not allowed, must be 1..1000'],
  ['evaluate --layers 784,,10', ['evaluate', DESIGN, '--layers', '784,,10'], '--layers "784,,10": entry 2 of 3 is empty'],
  ['train --epochs 0', ['train', '--epochs', '0'], '--epochs 0 is not allowed, must be 1..1000'],
  ['train --batch-size 0', ['train', '--batch-size', '0'], '--batch-size 0 is not allowed, must be 1..60000'],
  ['train --seed -3', ['train', '--seed', '-3'], '--seed -3 is not allowed, must be 0..4294967295'],
  ['train --layers 784,-1,10', ['train', '--layers', '784,-1,10'], '--layers "784,-1,10": entry 2 of 3, "-1", is negative'],
  ['train --layers 784,,10', ['train', '--layers', '784,,10'], '--layers "784,,10": entry 2 of 3 is empty'],
  ['train --layers 784,0.5,10', ['train', '--layers', '784,0.5,10'], 'entry 2 of 3, "0.5", is not a whole number'],
  [
    'finetune --ft-epochs 0',
    ['finetune', DESIGN, '-o', 'w.json', '--ft-epochs', '0'],
    '--ft-epochs 0 is not allowed, must be 1..1000',
  ],
  ['finetune --ft-lr 0', ['finetune', DESIGN, '-o', 'w.json', '--ft-lr', '0'], '--ft-lr 0 is not allowed, must be in (0, 10)'],
  [
    'layout-network with a billion 4x4 tiles',
    [
      'layout-network',
      '--layers',
      '100000,100000,100000',
      '--array-size',
      '4x4',
      '--device',
      'tilted-11',
      '--topology',
      'passive',
      '-o',
      'n.json',
    ],
    /needs 1250000000 arrays of 4x4 \(layer 0: 625000000, layer 1: 625000000\), over the limit of 1024; even arrays of the largest size, 4096x4096, would be 1250/,
  ],
  [
    'layout-network with more tiles than a die holds',
    [
      'layout-network',
      '--layers',
      '784,3000,10',
      '--array-size',
      '16x16',
      '--device',
      'tilted-11',
      '--topology',
      'passive',
      '-o',
      'n.json',
    ],
    /needs 9400 arrays of 16x16 \(layer 0: 9212, layer 1: 188\), over the limit of 1024; use larger arrays \(--array-size, up to 4096x4096\)/,
  ],
  [
    'layout-network with more cells than a design holds',
    [
      'layout-network',
      '--layers',
      '20000,20000',
      '--array-size',
      '4096x4096',
      '--device',
      'tilted-11',
      '--topology',
      'passive',
      '-o',
      'n.json',
    ],
    `needs 25 arrays of 4096x4096 with 838860800 physical cells in all, over the limit of ${LIMITS.maxTotalCells}`,
  ],
  [
    'layout-network --layers 784,-1,10',
    [
      'layout-network',
      '--layers',
      '784,-1,10',
      '--array-size',
      '128x128',
      '--device',
      'tilted-11',
      '--topology',
      'passive',
      '-o',
      'n.json',
    ],
    'entry 2 of 3, "-1", is negative',
  ],
];

describe('numeric options of the network commands', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-numeric-'));
  expect((await run(NEW, dir)).code).toBe(0);

  for (const [name, args, message] of cases) {
    // Generous: each answers in milliseconds; before, some started training for minutes.
    it(`refuses ${name}`, { timeout: 60_000 }, async () => {
      const r = await run(args, dir);
      expect(r.code, r.err).toBe(2);
      if (typeof message === 'string') expect(r.err).toContain(message);
      else expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/^\s+at .+:\d+/m);
      expect(r.err).not.toContain('[  0 %]');
      for (const file of ['n.json', 'w.json', 'study-ctc.json']) expect(existsSync(path.join(dir, file))).toBe(false);
    });
  }
});
