import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deviceFromPreset } from '../core/devices/presets.js';
import { placeArray } from '../core/model/edits/commands.js';
import { applyDiff } from '../core/model/edits/diff.js';
import type { Design } from '../core/model/design.js';
import { defaultTechnology } from '../core/model/defaults.js';
import { encodeStates, patternStates } from '../core/model/states.js';
import { openSession } from '../e2e/harness.js';
import { buildRenderer } from '../e2e/renderer-build.js';
import type { TestWindow } from '../e2e/ui.js';
import { SCHEMA_VERSION } from '../core/model/schema.js';

/**
 * UI benchmark in headless Chromium: a design of 16 arrays of 256 x 256 (1 048 576
 * cells) served by `spinplan serve`, the renderer's test build (its hooks open files and
 * place arrays). Measures first paint after opening, pan and zoom frame rates, and the
 * latency of moving and placing an array. Targets: first paint < 1 s, >= 30 fps, <= 50 ms.
 */
export function benchDesign(): Design {
  let d: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: 'bench-16x256', width: 12000, height: 5200, units: 'um', grid: 10 },
    technology: defaultTechnology(),
    devices: [],
    arrays: [],
  };
  const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
  for (let i = 0; i < 16; i++) {
    const x = 50 + (i % 4) * 2900;
    const y = 50 + Math.floor(i / 4) * 1280;
    d = applyDiff(
      d,
      placeArray(d, {
        topology: i % 2 ? 'cell-transistor' : 'row-transistor',
        device,
        rows: 256,
        cols: 256,
        x,
        y,
        name: `tile ${i}`,
      }).diff,
    );
  }
  d = { ...d, arrays: d.arrays.map((a, i) => ({ ...a, states: encodeStates(patternStates('random', 256, 512, 4, i + 1)) })) };
  return d;
}

export default async function benchUi(): Promise<Record<string, number>> {
  await buildRenderer('e2e');
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-bench-'));
  const design = benchDesign();
  const file = path.join(dir, 'bench.spinplan.json');
  await writeFile(file, JSON.stringify(design));
  const s = await openSession({ dir });
  const { page } = s;
  try {
    // First paint: open the file through the Api and wait until the canvas has drawn a frame.
    const firstPaintMs = await page.evaluate(async (f) => {
      const t0 = performance.now();
      await (window as unknown as TestWindow).__spinplan.openFile(f);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }, file);
    const fps = (kind: 'pan' | 'zoom') =>
      page.evaluate(async (kind) => {
        const fp = (window as unknown as TestWindow).__spinplan.floorplan;
        const frames = 60;
        const t0 = performance.now();
        for (let i = 0; i < frames; i++) {
          if (kind === 'pan') fp.panBy(i % 2 ? 15 : -12, 4);
          else fp.zoomBy(i < frames / 2 ? 1.05 : 1 / 1.05);
          fp.stage.draw();
          await new Promise((r) => requestAnimationFrame(r));
        }
        return (frames * 1000) / (performance.now() - t0);
      }, kind);
    const panFps = await fps('pan');
    const zoomFps = await fps('zoom');
    await page.evaluate(() => (window as unknown as TestWindow).__spinplan.floorplan.fit());
    // Move: a mouse drag of one array; latency = the canvas's pointer move handler through its redraw
    // (it listens on the window: a move dispatched there runs it, and only it, synchronously).
    const r = (await page.evaluate(() => (window as unknown as TestWindow).__spinplan.floorplan.arrayScreenRect('arr_1')))!;
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.down();
    const moves: number[] = [];
    for (let i = 1; i <= 20; i++) {
      const at = { x: r.x + r.width / 2 + i * 3, y: r.y + r.height / 2 + i * 2 };
      moves.push(
        await page.evaluate(({ x, y }) => {
          const t0 = performance.now();
          window.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, buttons: 1 }));
          return performance.now() - t0;
        }, at),
      );
    }
    const commitMs = await page.evaluate(async () => {
      const t0 = performance.now();
      window.dispatchEvent(new PointerEvent('pointerup', { button: 0 }));
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });
    await page.mouse.up();
    // Place: a new 256 x 256 array at a free spot, through the same command as the palette.
    const placeMs = await page.evaluate(async () => {
      const t0 = performance.now();
      (window as unknown as TestWindow).__spinplan.placeAuto('sot-mtj-1.6nm', 'passive', 256, 256);
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });
    const result = {
      cells: 16 * 256 * 512,
      firstPaintMs: round(firstPaintMs),
      panFps: round(panFps),
      zoomFps: round(zoomFps),
      moveLatencyMsP95: round(moves.sort((a, b) => a - b)[Math.floor(moves.length * 0.95) - 1] ?? 0),
      moveCommitMs: round(commitMs),
      placeMs: round(placeMs),
    };
    // The README's picture of the bench design is refreshed only on request, like the e2e screenshots.
    if (process.env.SPINPLAN_SCREENSHOTS)
      await page.screenshot({ path: new URL('../docs/screenshots/bench-16-arrays.png', import.meta.url).pathname });
    console.log(
      `16 arrays of 256 x 256 (${result.cells.toLocaleString('en')} physical cells): first paint ${result.firstPaintMs} ms (target < 1000), ` +
        `pan ${result.panFps} fps and zoom ${result.zoomFps} fps (target >= 30), ` +
        `move p95 ${result.moveLatencyMsP95} ms per pointer step, commit ${result.moveCommitMs} ms, place ${result.placeMs} ms (target <= 50)`,
    );
    return result;
  } finally {
    await s.close();
  }
}

const round = (v: number) => Math.round(v * 10) / 10;
