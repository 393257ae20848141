import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDesignText } from '../../model/validate.js';
import { runCli } from '../main.js';

/** A tiny run: 784-4-10 on five 256 x 10 row-transistor arrays of the multilevel SOT preset, 200 images, one epoch. */
async function workspace() {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-insitu-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir };
  const layout = ['layout-network', '--layers', '784,4,10', '--array-size', '256x10', '--device', 'multilevel-sot'];
  expect(await runCli([...layout, '--topology', 'row-transistor', '-o', 'n.spinplan.json'], io)).toBe(0);
  out.length = 0;
  return { dir, out, err, io };
}

const TINY = ['--layers', '784,4,10', '--limit', '200', '--epochs', '1', '--batch', '50'];

describe('spinplan train-on-chip', () => {
  it(
    '--json prints accuracy per epoch, final and software, pulses, write energy and time; -o is a valid trained design',
    { timeout: 180_000 },
    async () => {
      const { dir, out, err, io } = await workspace();
      expect(await runCli(['train-on-chip', 'n.spinplan.json', ...TINY, '--json', '-o', 't.spinplan.json'], io)).toBe(0);
      const r = JSON.parse(out.join('')) as Record<string, unknown>;
      expect(Object.keys(r).slice(0, 4)).toEqual(['accuracy', 'pulses', 'writeEnergy', 'writeTime']);
      // The periphery counts pulses with the datasheet's step unless asked for each device's own.
      expect((r.options as { pulseStep: string }).pulseStep).toBe('datasheet');
      const accuracy = r.accuracy as { perEpoch: number[]; final: number; software: number };
      expect(Object.keys(accuracy)).toEqual(['perEpoch', 'final', 'software']);
      expect(accuracy.perEpoch).toHaveLength(1);
      for (const a of [...accuracy.perEpoch, accuracy.final, accuracy.software]) expect(a).toBeGreaterThanOrEqual(0);
      const pulses = r.pulses as { set: number; reset: number };
      expect(Object.keys(pulses)).toEqual(['set', 'reset']);
      expect(pulses.set + pulses.reset).toBeGreaterThan(0);
      expect(r.writeEnergy).toBeGreaterThan(0);
      expect(r.writeTime).toBeGreaterThan(0);
      // Progress on stderr, with the time left.
      expect(err.join('')).toMatch(/train on chip: epoch 1\/1/);
      const written = parseDesignText(await readFile(path.join(dir, 't.spinplan.json'), 'utf8'));
      expect(written.ok).toBe(true);
      // Named apart from the design it came from, as the UI names its trained copy.
      const original = parseDesignText(await readFile(path.join(dir, 'n.spinplan.json'), 'utf8'));
      if (!written.ok || !original.ok) throw new Error('unreachable');
      expect(written.design.chip.name).toBe(`${original.design.chip.name} (trained on chip)`);
    },
  );

  it('refuses bad input with exit 2 and a message naming it, never a stack trace', { timeout: 120_000 }, async () => {
    const { err, io } = await workspace();
    const refuse = async (args: string[], pattern: RegExp) => {
      err.length = 0;
      expect(await runCli(['train-on-chip', ...args], io)).toBe(2);
      expect(err.join('')).toMatch(pattern);
      expect(err.join('')).not.toMatch(/\n\s+at /);
    };
    await refuse(['n.spinplan.json', '--rule', 'adam', '-o', 't.json'], /--rule/);
    await refuse(['n.spinplan.json', '--lr', '0', '-o', 't.json'], /--lr 0 is not allowed/);
    await refuse(['n.spinplan.json', '--batch', '0', '-o', 't.json'], /--batch/);
    await refuse(['n.spinplan.json', '-o', 'n.spinplan.json'], /-o n\.spinplan\.json is FILE itself/);
    await refuse(
      ['n.spinplan.json', '--layers', '784,10', '-o', 't.json'],
      /hosts layer 1, but the network 784-10 has layers 0\.\.0/,
    );
    expect(
      await runCli(
        ['new', '--topology', 'passive', '--rows', '4', '--cols', '4', '--device', 'multilevel-sot', '-o', 'plain.spinplan.json'],
        io,
      ),
    ).toBe(0);
    await refuse(['plain.spinplan.json', '-o', 't.json'], /none of which hosts a tile/);
  });
});
