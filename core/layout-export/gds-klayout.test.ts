import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { loadDesign } from '../files/design-file.js';
import type { Design } from '../model/design.js';
import { arrayBlocks, dieRect, placedArrays } from './floorplan-blocks.js';
import { sampleFloorplan } from './fixtures/sample-floorplan.js';
import { FLOORPLAN_LAYERS } from './layers.js';

/**
 * The external oracle for the GDSII writer: KLayout (Debian package `klayout`, installed by
 * scripts/install-system-deps.sh) reads the file `spinplan export-gds` writes, in batch
 * mode, and prints every shape and text of the flattened hierarchy; each must be the
 * rectangle or name the design's geometry puts there, and nothing else may be in the file.
 * Without KLayout these tests skip with a message, except in CI, where they fail.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DUMP = path.join(ROOT, 'scripts/klayout/dump-gds.py');
const klayout = spawnSync('klayout', ['-v'], { encoding: 'utf8' });
const hasKlayout = !klayout.error && klayout.status === 0;
if (!hasKlayout && process.env.CI)
  throw new Error('klayout is not installed, and CI must run the GDSII tests: run scripts/install-system-deps.sh');
if (!hasKlayout)
  console.warn('skipping the KLayout GDSII tests: klayout is not installed (scripts/install-system-deps.sh installs it)');

interface Dump {
  dbu: number;
  top: string;
  cells: string[];
  instances: { cell: string; angle: number; mirror: boolean; mag: number; x: number; y: number }[];
  shapes: { layer: number; datatype: number; box: number[]; rectangle: boolean }[];
  texts: { layer: number; datatype: number; string: string; x: number; y: number; halign: string; valign: string }[];
}

function readWithKlayout(gds: string): Dump {
  const run = spawnSync('klayout', ['-b', '-r', DUMP, '-rd', `gds=${gds}`], { encoding: 'utf8', timeout: 60_000 });
  if (run.error || run.status !== 0) throw new Error(`klayout failed (${run.error?.message ?? run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Dump;
}

async function exportGds(design: Design): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-gds-'));
  await writeFile(path.join(dir, 'd.spinplan.json'), JSON.stringify(design));
  let err = '';
  const code = await runCli(['export-gds', 'd.spinplan.json', '-o', 'd.gds'], {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    cwd: dir,
  });
  expect({ code, err }).toMatchObject({ code: 0, err: expect.stringMatching(/^wrote d\.gds /) });
  return path.join(dir, 'd.gds');
}

/** What the design's geometry says the file must hold, in nanometres with y up. */
function expected(design: Design) {
  const nm = (um: number) => Math.round(um * 1000);
  const dieH = nm(design.chip.height);
  const box = (r: { x: number; y: number; width: number; height: number }) => [
    nm(r.x),
    dieH - nm(r.y + r.height),
    nm(r.x + r.width),
    dieH - nm(r.y),
  ];
  const shape = (key: keyof typeof FLOORPLAN_LAYERS, b: number[]) => ({
    layer: FLOORPLAN_LAYERS[key].layer,
    datatype: FLOORPLAN_LAYERS[key].datatype,
    box: b,
    rectangle: true,
  });
  const placed = placedArrays(design);
  return {
    shapes: [
      shape('die', [0, 0, nm(design.chip.width), dieH]),
      ...placed.flatMap((p) => arrayBlocks(p.layout).map((b) => shape(b.layer, box(dieRect(p.placement, b.rect))))),
    ],
    texts: placed.map((p) => ({
      layer: FLOORPLAN_LAYERS.arrayName.layer,
      datatype: FLOORPLAN_LAYERS.arrayName.datatype,
      string: p.array.name,
      x: nm(p.footprint.x + p.footprint.width / 2),
      y: dieH - nm(p.footprint.y + p.footprint.height / 2),
      halign: 'HAlignCenter',
      valign: 'VAlignCenter',
    })),
  };
}

const byPosition = (a: { layer: number; datatype: number; box: number[] }, b: typeof a) =>
  a.layer - b.layer || a.datatype - b.datatype || a.box.join().localeCompare(b.box.join());

/** Rounding each edge to 1 nm in the array's frame or on the die may differ by 1 nm; anything more is a wrong shape. */
function expectSameShapes(got: Dump['shapes'], want: Dump['shapes']): void {
  expect(got.length).toBe(want.length);
  const g = [...got].sort(byPosition);
  const w = [...want].sort(byPosition);
  g.forEach((s, i) => {
    const e = w[i]!;
    expect([s.layer, s.datatype, s.rectangle]).toEqual([e.layer, e.datatype, true]);
    s.box.forEach((v, k) =>
      expect(Math.abs(v - e.box[k]!), `${JSON.stringify(s)} vs ${JSON.stringify(e)}`).toBeLessThanOrEqual(1),
    );
  });
}

describe.skipIf(!hasKlayout)('GDSII read back by KLayout', () => {
  it('holds every block of every array, turned, the die and every name, in nanometres', { timeout: 120_000 }, async () => {
    const design = sampleFloorplan();
    const dump = readWithKlayout(await exportGds(design));
    expect(dump.dbu).toBeCloseTo(0.001, 12);
    expect(dump.top).toBe('export_sample');
    expect(dump.cells).toEqual(['ARRAY_6X6_RT_B', 'ARRAY_8X5_CT_R', 'ARRAY_8X8_P_B', 'ARRAY_8X8_RT_L', 'export_sample']);
    // One placement per array; two arrays share a structure, one turned a quarter.
    expect(dump.instances.map((i) => [i.cell, i.angle, i.mirror, i.mag])).toEqual([
      ['ARRAY_8X8_RT_L', 0, false, 1],
      ['ARRAY_8X8_RT_L', 270, false, 1],
      ['ARRAY_8X8_P_B', 180, false, 1],
      ['ARRAY_8X5_CT_R', 90, false, 1],
      ['ARRAY_6X6_RT_B', 0, false, 1],
    ]);
    const want = expected(design);
    expectSameShapes(dump.shapes, want.shapes);
    expect(
      dump.texts.map(({ layer, datatype, string, x, y, halign, valign }) => ({ layer, datatype, string, x, y, halign, valign })),
    ).toEqual(want.texts);
  });

  it("holds the MNIST example's seven arrays as seven placements of one structure", { timeout: 120_000 }, async () => {
    const design = await loadDesign(path.join(ROOT, 'resources/examples/mnist-784x128-compound-mtj.spinplan.json'));
    const dump = readWithKlayout(await exportGds(design));
    expect(dump.cells).toHaveLength(2);
    expect(dump.instances).toHaveLength(7);
    expect(new Set(dump.instances.map((i) => i.cell)).size).toBe(1);
    const want = expected(design);
    expectSameShapes(dump.shapes, want.shapes);
    expect(dump.texts.map((t) => [t.string, t.x, t.y])).toEqual(want.texts.map((t) => [t.string, t.x, t.y]));
  });
});
