import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleFloorplan } from '../../core/layout-export/fixtures/sample-floorplan.js';
import { floorplanGds } from '../../core/layout-export/gds.js';
import { FLOORPLAN_LAYERS } from '../../core/layout-export/layers.js';
import { renderGds } from './render.js';

const hasKlayout = !spawnSync('klayout', ['-v']).error;
if (!hasKlayout && process.env.CI)
  throw new Error('klayout is not installed, and CI must run this test: run scripts/install-system-deps.sh');
if (!hasKlayout)
  console.warn('skipping the KLayout render test: klayout is not installed (scripts/install-system-deps.sh installs it)');

/** The distinct colours of an 8-bit RGB or RGBA PNG (what Qt writes), decoded with zlib and the five PNG filters. */
function colours(png: Buffer): Set<string> {
  const [width, height, depth, type] = [png.readUInt32BE(16), png.readUInt32BE(20), png[24]!, png[25]!];
  expect([depth, [2, 6].includes(type)]).toEqual([8, true]);
  const channels = type === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Set<string>();
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = previous[i]!;
      const c = i >= channels ? previous[i - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter]!;
      line[i] = (line[i]! + add) & 0xff;
    }
    for (let x = 0; x < width; x++) out.add(line.subarray(x * channels, x * channels + 3).toString('hex'));
    previous = line;
  }
  return out;
}

/** The README's GDSII pictures come from this renderer: it must draw, without a display, at the size asked. */
describe.skipIf(!hasKlayout)('KLayout batch render of a floorplan', () => {
  it(
    'draws the die, the arrays and the legend into a PNG of the size asked; an empty region draws nothing',
    { timeout: 120_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-render-'));
      const gds = path.join(dir, 'sample.gds');
      await writeFile(gds, floorplanGds(sampleFloorplan(), { time: new Date(0) }));
      await renderGds(gds, path.join(dir, 'plan.png'), { width: 640, height: 360 });
      await renderGds(gds, path.join(dir, 'empty.png'), { width: 640, height: 360, box: [1000, 1000, 1100, 1100] });
      const plan = await readFile(path.join(dir, 'plan.png'));
      const empty = await readFile(path.join(dir, 'empty.png'));
      for (const png of [plan, empty]) {
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 360]);
      }
      // Every filled layer shows in its own colour (the drawing or the legend's swatch); far from the die, only the background.
      const drawn = colours(plan);
      for (const key of ['cells', 'rowDrivers', 'rowTransistors', 'columnPeriphery'] as const)
        expect(drawn.has(FLOORPLAN_LAYERS[key].color.slice(1)), key).toBe(true);
      expect([...colours(empty)]).toEqual(['ffffff']);
      await expect(renderGds(path.join(dir, 'missing.gds'), path.join(dir, 'x.png'), { width: 10, height: 10 })).rejects.toThrow(
        /klayout could not render/,
      );
    },
  );
});
