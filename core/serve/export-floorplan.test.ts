import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFloorplan } from '../layout-export/fixtures/sample-floorplan.js';
import { floorplanSvg } from '../layout-export/floorplan-svg.js';
import { floorplanGds } from '../layout-export/gds.js';
import { createServices } from './services.js';

/** BGNLIB and BGNSTR hold the time of writing; everything else is the design's. */
const undated = (gds: Uint8Array) => {
  const copy = Uint8Array.from(gds);
  for (let at = 0; at < copy.length;) {
    const length = (copy[at]! << 8) | copy[at + 1]!;
    if (copy[at + 2] === 0x01 || copy[at + 2] === 0x05) copy.fill(0, at + 4, at + length);
    at += length;
  }
  return copy;
};

describe('Api exportGds and saveFigure', () => {
  it('writes the GDSII of the design, atomically, only as .gds or .gdsii under the allowed folders', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-api-gds-'));
    const services = createServices({ mode: 'browser', cwd: dir, stateDir: null, roots: [dir] });
    const design = sampleFloorplan();
    const file = path.join(dir, 'chip.gds');
    await writeFile(file, 'OLD');
    const result = await services.exportGds(file, design);
    const written = await readFile(file);
    expect(result).toEqual({ ok: true, file, bytes: written.length });
    expect(undated(written)).toEqual(undated(floorplanGds(design, { time: new Date(0) })));

    expect(await services.exportGds(path.join(dir, 'chip.txt'), design)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/chip\.txt must end in \.gds or \.gdsii to be written as a gds/),
    });
    await mkdir(path.join(dir, '.hidden'));
    expect(await services.exportGds(path.join(dir, '.hidden', 'x.gds'), design)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/hidden/),
    });
    const bad = { ...design, arrays: [{ ...design.arrays[0]!, rows: 0 }] };
    expect(await services.exportGds(path.join(dir, 'bad.gds'), bad)).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ path: 'arrays[0].rows' })],
    });
    expect((await readdir(dir)).sort()).toEqual(['.hidden', 'chip.gds']);
  });

  it('writes an SVG figure as text and a PNG figure from base64, and refuses content of the other kind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-api-figure-'));
    const services = createServices({ mode: 'browser', cwd: dir, stateDir: null, roots: [dir] });
    const svg = floorplanSvg(sampleFloorplan());
    expect(await services.saveFigure(path.join(dir, 'f.svg'), svg)).toMatchObject({ ok: true, bytes: Buffer.byteLength(svg) });
    expect(await readFile(path.join(dir, 'f.svg'), 'utf8')).toBe(svg);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(await services.saveFigure(path.join(dir, 'f.png'), png.toString('base64'))).toMatchObject({ ok: true, bytes: 11 });
    expect(await readFile(path.join(dir, 'f.png'))).toEqual(png);

    expect(await services.saveFigure(path.join(dir, 'g.png'), Buffer.from(svg).toString('base64'))).toMatchObject({
      ok: false,
      message: 'could not write the figure: the figure sent for a .png file is not a PNG image',
    });
    expect(await services.saveFigure(path.join(dir, 'g.svg'), '<html><script>x</script></html>')).toMatchObject({
      ok: false,
      message: 'could not write the figure: the figure sent for a .svg file is not SVG text',
    });
    expect(await services.saveFigure(path.join(dir, 'g.html'), svg)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/g\.html must end in \.svg or \.png/),
    });
    expect((await readdir(dir)).sort()).toEqual(['f.png', 'f.svg']);
  });
});
