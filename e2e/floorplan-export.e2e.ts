import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../core/files/design-file.js';
import { floorplanSvg } from '../core/layout-export/floorplan-svg.js';
import { useSession } from './harness.js';
import { pickFile } from './ui.js';

const EXAMPLE = fileURLToPath(new URL('../resources/examples/mnist-784x128-compound-mtj.spinplan.json', import.meta.url));

/** File > Export GDSII… and File > Export floorplan figure… in browser mode, on the MNIST example. */
describe('floorplan exports from the File menu', () => {
  // The design opened from a copy in the session's folder: dialogs start in the design's folder, which must not be the checkout.
  const s = useSession(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-e2e-'));
    const file = path.join(dir, 'mnist.spinplan.json');
    await copyFile(EXAMPLE, file);
    return { dir, design: { file, design: await loadDesign(file) } };
  });

  async function menu(action: string, file: string): Promise<void> {
    await s.page.click('[data-testid=menu-File]');
    await s.page.click(`[data-testid=action-file\\.${action}]`);
    await pickFile(s.page, file);
    await expect
      .poll(() => s.page.locator('[data-testid=toast]', { hasText: `Wrote ${file}` }).count(), { timeout: 20_000 })
      .toBe(1);
  }

  it('writes the GDSII, which KLayout (when installed) reads as seven placements of one array', async () => {
    await menu('exportGds', 'mnist.gds');
    const gds = await readFile(path.join(s.dir, 'mnist.gds'));
    expect([...gds.subarray(0, 6)]).toEqual([0, 6, 0, 2, 0x02, 0x58]);
    const dump = spawnSync(
      'klayout',
      [
        '-b',
        '-r',
        fileURLToPath(new URL('../scripts/klayout/dump-gds.py', import.meta.url)),
        '-rd',
        `gds=${path.join(s.dir, 'mnist.gds')}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (dump.error) return; // core/layout-export/gds-klayout.test.ts requires KLayout in CI and checks every shape
    const read = JSON.parse(dump.stdout.trim().split('\n').pop()!) as { instances: unknown[]; texts: { string: string }[] };
    expect(read.instances).toHaveLength(7);
    expect(read.texts.map((t) => t.string)).toEqual((await loadDesign(EXAMPLE)).arrays.map((a) => a.name));
  });

  it('writes the figure as SVG, and as a PNG drawn from it at twice its size', async () => {
    await menu('exportFigure', 'plan.svg');
    const design = await loadDesign(EXAMPLE);
    // The canvas shows programmed states at first, so the figure colours cells by state.
    expect(await readFile(path.join(s.dir, 'plan.svg'), 'utf8')).toBe(floorplanSvg(design, { coloring: 'states' }));

    await menu('exportFigure', 'plan.png');
    const png = await readFile(path.join(s.dir, 'plan.png'));
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const svg = floorplanSvg(design, { coloring: 'states' });
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Math.round(2 * Number(w)), Math.round(2 * Number(h))]);
    // Not blank: a white figure of this size compresses to a few kilobytes.
    expect(png.length).toBeGreaterThan(50_000);
  });
});
