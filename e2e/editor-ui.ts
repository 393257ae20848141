import type { Page } from 'playwright-core';
import type { Design } from '../core/model/design.js';
import { arrayFootprint, type Rect } from '../core/model/geometry.js';
import { design, type TestWindow } from './ui.js';

/**
 * What the editor tests of issue 13 read beyond e2e/ui.ts: the canvas's draw order and
 * the nodes Konva drew (renderer/src/canvas: the controller's drawOrder(), the overlay's
 * named labels), reached through the same window.__spinplan hook.
 */
interface CanvasHooks {
  canvas: { drawOrder(): { id: string }[]; camera: { scale: number } };
  stage: {
    find(sel: string): { getClientRect(): Rect; getAttr(name: string): unknown; getText?(): { text(): string } }[];
    getLayers(): { getNativeCanvasElement(): HTMLCanvasElement; getCanvas(): { getPixelRatio(): number } }[];
    container(): HTMLDivElement;
  };
}
type Hooks = TestWindow['__spinplan'] & { floorplan: CanvasHooks };
export type EditorWindow = { __spinplan: Hooks };

/** The arrays bottom to top as the canvas draws them. */
export const drawOrder = (page: Page) =>
  page.evaluate(() => (window as unknown as EditorWindow).__spinplan.floorplan.canvas.drawOrder().map((a) => a.id));

/** The canvas's zoom, px per µm. */
export const zoom = (page: Page) =>
  page.evaluate(() => (window as unknown as EditorWindow).__spinplan.floorplan.canvas.camera.scale);

/** The text, page box and turn of every overlay label of a kind ('array-label', 'not-simulated'). */
export const labels = (page: Page, name: string) =>
  page.evaluate((name) => {
    const { stage } = (window as unknown as EditorWindow).__spinplan.floorplan;
    const at = stage.container().getBoundingClientRect();
    return stage.find(`.${name}`).map((n) => {
      const r = n.getClientRect();
      return {
        box: { ...r, x: r.x + at.left, y: r.y + at.top },
        rotation: n.getAttr('rotation') as number | undefined,
        text: (n as unknown as { getText(): { text(): string } }).getText().text(),
      };
    });
  }, name);

/**
 * The colour the world layer (array bodies and heatmaps) has at a point of the page, read
 * from its canvas: what an array shows there, labels and selection aside.
 */
export const worldPixel = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([x, y]) => {
      const fp = (window as unknown as EditorWindow).__spinplan.floorplan;
      const layer = fp.stage.getLayers()[1]!;
      const canvas = layer.getNativeCanvasElement();
      const box = canvas.getBoundingClientRect();
      const ratio = layer.getCanvas().getPixelRatio();
      const d = canvas
        .getContext('2d')!
        .getImageData(Math.round((x - box.left) * ratio), Math.round((y - box.top) * ratio), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!];
    },
    [x, y] as const,
  );

/** Places arrays of (preset, topology, rows, cols) where the editor finds room, in order (arr_1, arr_2, ...). */
export async function placeArrays(page: Page, specs: readonly (readonly [string, string, number, number])[]): Promise<void> {
  await page.evaluate((specs) => {
    const sp = (window as unknown as EditorWindow).__spinplan;
    for (const [preset, topology, rows, cols] of specs) sp.placeAuto(preset, topology, rows, cols);
  }, specs);
}

/** Each array's footprint on the die, by id. */
export async function footprints(page: Page): Promise<Record<string, Rect>> {
  const d: Design = await design(page);
  return Object.fromEntries(d.arrays.map((a) => [a.id, arrayFootprint(d, a)!]));
}

export const historyDepth = (page: Page) => page.evaluate(() => (window as unknown as EditorWindow).__spinplan.historyDepth);

/** Types a value into a field and presses Enter, as a user commits it. */
export async function enter(page: Page, testid: string, text: string): Promise<void> {
  await page.fill(`[data-testid=${testid}]`, text);
  await page.press(`[data-testid=${testid}]`, 'Enter');
}

export const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
