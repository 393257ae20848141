import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { layoutNetwork } from '../model/network-layout.js';
import { UserError } from '../model/problems.js';
import {
  inShard,
  MAX_SWEEP_POINTS,
  parseShard,
  parseVaryText,
  pointCount,
  pointLabel,
  pointVariant,
  resolveAxes,
  sweepPoints,
  variantContext,
} from './sweep-spec.js';

const LAYERS = [784, 16, 10];
const design = () =>
  layoutNetwork({
    name: 'n',
    layers: LAYERS,
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
const ctx = variantContext(LAYERS);

/** The row wire resistance of a per-cell wire (the layouts here have one). */
const wireRow = (d: { technology: { wire: object } }) => (d.technology.wire as { row: number }).row;

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('the sweep grid', () => {
  it('types each axis by its field and lists every combination, the first axis slowest', () => {
    const axes = resolveAxes(design(), ['technology.wire.row=0.5,2.5', 'arrays.*.adcBits=4,6,8'], ctx);
    expect(axes).toEqual([
      { path: 'technology.wire.row', values: [0.5, 2.5] },
      { path: 'arrays.*.adcBits', values: [4, 6, 8] },
    ]);
    const points = sweepPoints(axes);
    expect(pointCount(axes)).toBe(6);
    expect(points.map(pointLabel)).toEqual([
      'technology.wire.row=0.5 arrays.*.adcBits=4',
      'technology.wire.row=0.5 arrays.*.adcBits=6',
      'technology.wire.row=0.5 arrays.*.adcBits=8',
      'technology.wire.row=2.5 arrays.*.adcBits=4',
      'technology.wire.row=2.5 arrays.*.adcBits=6',
      'technology.wire.row=2.5 arrays.*.adcBits=8',
    ]);
    const v = pointVariant(design(), points[4]!, ctx).design;
    expect(wireRow(v)).toBe(2.5);
    expect(v.arrays.every((a) => a.adcBits === 6)).toBe(true);
  });

  it('refuses a bad path or value before anything runs, naming the flag, the value and the fix', () => {
    const d = design();
    expect(message(() => resolveAxes(d, ['technology.wire.rows=1'], ctx, '--vary '))).toBe(
      '--vary technology.wire.rows: technology.wire has no field "rows"; its fields are mode, row, col',
    );
    expect(message(() => resolveAxes(d, ['arrays.*.adcBits=4,abc'], ctx, '--vary '))).toBe(
      '--vary arrays.*.adcBits=abc: "abc" is not a number, and arrays[0].adcBits is one (now 8)',
    );
    expect(message(() => resolveAxes(d, ['technology.wire.row=-1'], ctx, '--vary '))).toMatch(
      /^--vary technology\.wire\.row=-1: the variant is not a valid design: technology\.wire\.row: -1 is not allowed, must be 0\.\./,
    );
    expect(message(() => resolveAxes(d, ['technology.wire.row'], ctx, '--vary '))).toMatch(
      /^--vary technology\.wire\.row: is not PATH=V1,V2/,
    );
    expect(message(() => resolveAxes(d, ['technology.wire.row=1,,2'], ctx, '--vary '))).toMatch(/has an empty value/);
    expect(message(() => resolveAxes(d, ['technology.wire.row=1,1'], ctx, '--vary '))).toMatch(/lists "1" twice/);
    expect(message(() => resolveAxes(d, ['technology.wire.row=1', 'technology.wire.row=2'], ctx, '--vary '))).toMatch(
      /--vary technology\.wire\.row is given twice/,
    );
    expect(message(() => resolveAxes(d, [], ctx, '--vary '))).toMatch(/nothing to vary/);
  });

  it('refuses a grid over the limit', () => {
    const values = (n: number) => [...Array(n).keys()].map((i) => i + 1).join(',');
    expect(MAX_SWEEP_POINTS).toBe(10_000);
    expect(
      message(() => resolveAxes(design(), [`technology.wire.row=${values(200)}`, `technology.wire.col=${values(51)}`], ctx)),
    ).toMatch(/the grid has 10200 points, more than 10000/);
  });

  it('splits a grid into shards that cover every point once', () => {
    const shard = parseShard('1/3');
    expect(shard).toEqual({ index: 1, count: 3 });
    for (let i = 0; i < 10; i++) expect([0, 1, 2].filter((k) => inShard(i, { index: k, count: 3 }))).toHaveLength(1);
    expect([...Array(7).keys()].filter((i) => inShard(i, shard))).toEqual([1, 4]);
    expect(inShard(5, null)).toBe(true);
    expect(message(() => parseShard('3/3'))).toMatch(/shards are numbered 0\.\.2/);
    expect(message(() => parseShard('1-3'))).toMatch(/write i\/N/);
  });

  it('links fields joined by + so they take each value together', () => {
    const axes = resolveAxes(design(), ['technology.wire.row+technology.wire.col=0.5,5'], ctx);
    const points = sweepPoints(axes);
    expect(points.map((p) => p.values)).toEqual([[0.5], [5]]);
    expect(pointLabel(points[1]!)).toBe('technology.wire.row=5 technology.wire.col=5');
    const v = pointVariant(design(), points[1]!, ctx).design;
    expect(v.technology.wire).toEqual({ mode: 'per-cell', row: 5, col: 5 });
    expect(message(() => resolveAxes(design(), ['technology.wire.row+arrays.*.topology=1'], ctx, '--vary '))).toMatch(
      /^--vary technology\.wire\.row\+arrays\.\*\.topology=1: the linked fields technology\.wire\.row, arrays\.\*\.topology are of different kinds/,
    );
    expect(
      message(() =>
        resolveAxes(design(), ['technology.wire.row+technology.wire.col=1', 'technology.wire.col=2'], ctx, '--vary '),
      ),
    ).toMatch(/--vary technology\.wire\.col is given twice/);
  });

  it('splits PATH=V1,V2 at the first = only', () => {
    expect(parseVaryText('device=a,b')).toEqual({ path: 'device', raw: ['a', 'b'] });
  });
});
