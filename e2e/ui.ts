import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SimulateResult } from '../core/api/contract.js';
import type { Design } from '../core/model/design.js';

type Rect = { x: number; y: number; width: number; height: number };
type Point = { x: number; y: number };

/**
 * What the test build of the renderer puts on the page as window.__spinplan
 * (renderer/src/testing/hooks.ts, restated here as the tests use it: the e2e project does
 * not compile the renderer's sources).
 */
export interface TestHooks {
  readonly design: Design;
  readonly selection: string[];
  readonly jobs: { kind: string; state: string; message: string }[];
  readonly accuracy: {
    steps: { key: string; mean: number }[];
    perClass: unknown[];
    confusion: { matrix: number[][] };
    notes: string[];
    raw: { digitalLayers?: number[] };
  } | null;
  readonly simulations: Record<string, SimulateResult>;
  readonly historyDepth: number;
  readonly floorplan: {
    arrayScreenRect(id: string): Rect | null;
    handleScreenRect(id: string, hx: number, hy: number): Rect | null;
    cellClientCenter(id: string, row: number, column: number): Point | null;
    worldToScreen(x: number, y: number): Point;
    zoomTo(r: Rect): void;
    zoomBy(factor: number): void;
    panBy(dx: number, dy: number): void;
    fit(): void;
    stage: { findOne(sel: string): { getClientRect(): Rect } | undefined; draw(): void };
  };
  placeAuto(preset: string, topology: string, rows: number, cols: number): string | null;
  openFile(file: string): Promise<void>;
}
/** The page's window with the hooks, for `(window as unknown as TestWindow).__spinplan` inside page.evaluate. */
export type TestWindow = { __spinplan: TestHooks };

/** Small helpers that read the app's state through its test hooks and drive it like a user. */
export const design = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__spinplan.design);
export const selection = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__spinplan.selection);
export const arrayRect = (page: Page, id: string) =>
  page.evaluate((id) => (window as unknown as TestWindow).__spinplan.floorplan.arrayScreenRect(id), id);
export const canvasBox = async (page: Page) => (await page.locator('[data-testid=canvas]').boundingBox())!;

export async function pickFile(page: Page, name: string): Promise<void> {
  await page.waitForSelector('[data-testid=file-dialog]');
  await page.fill('[data-testid=file-name]', name);
  await page.click('[data-testid=file-ok]');
  await page.waitForSelector('[data-testid=file-dialog]', { state: 'detached' });
}

/** Chooses a folder in the file dialog: types it, lists it, takes it. */
export async function pickFolder(page: Page, folder: string): Promise<void> {
  await page.waitForSelector('[data-testid=file-dialog]');
  await page.fill('[data-testid=file-dir]', folder);
  await page.press('[data-testid=file-dir]', 'Enter');
  await expect.poll(() => page.inputValue('[data-testid=file-dir]')).toBe(folder);
  await page.click('[data-testid=file-ok]');
  await page.waitForSelector('[data-testid=file-dialog]', { state: 'detached' });
}

export async function clickArray(page: Page, id: string, opts: { shift?: boolean } = {}): Promise<void> {
  const r = (await arrayRect(page, id))!;
  if (opts.shift) await page.keyboard.down('Shift');
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 3);
  if (opts.shift) await page.keyboard.up('Shift');
}

/** Page coordinates of a resize handle of an array (hx, hy: 0, 0.5 or 1 along the footprint). */
export const handleRect = (page: Page, id: string, hx: 0 | 0.5 | 1, hy: 0 | 0.5 | 1) =>
  page.evaluate(([id, hx, hy]) => (window as unknown as TestWindow).__spinplan.floorplan.handleScreenRect(id, hx, hy), [
    id,
    hx,
    hy,
  ] as const);

/** The on-screen box Konva computes for the first drawn node matching a selector (e.g. '.handle'). */
export const konvaClientRect = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const node = (window as unknown as TestWindow).__spinplan.floorplan.stage.findOne(sel);
    return node ? node.getClientRect() : null;
  }, selector);

/**
 * Screenshots go to docs/screenshots (the README's pictures) only when asked for with
 * SPINPLAN_SCREENSHOTS=1, so a test run never rewrites files of the checkout; otherwise
 * they are still taken (a page that cannot be drawn fails the test) into a temp folder.
 */
const SHOTS = process.env.SPINPLAN_SCREENSHOTS
  ? new URL('../docs/screenshots/', import.meta.url).pathname
  : path.join(tmpdir(), `spinplan-e2e-shots-${process.pid}`);
export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** Places an array of a preset and topology where the editor finds room, as the palette does. */
export const placeAuto = (page: Page, preset: string, topology: string, rows: number, cols: number) =>
  page.evaluate(
    ([preset, topology, rows, cols]) => {
      (window as unknown as TestWindow).__spinplan.placeAuto(preset, topology, rows, cols);
    },
    [preset, topology, rows, cols] as const,
  );

/** Moves the mouse onto one physical cell, at the centre Konva draws it (rotation included). */
export async function hoverCell(page: Page, id: string, row: number, column: number): Promise<void> {
  const p = await page.evaluate(
    ([id, row, column]) => (window as unknown as TestWindow).__spinplan.floorplan.cellClientCenter(id, row, column),
    [id, row, column] as const,
  );
  if (!p) throw new Error(`no cell ${row}, ${column} drawn for ${id}`);
  await page.mouse.move(p.x, p.y);
}

/** Zooms the canvas onto the top-left corner of an array: a window of width x height micrometres from 5 µm above and left of it. */
export async function zoomToCorner(page: Page, id: string, width: number, height: number): Promise<void> {
  await page.evaluate(
    ([id, width, height]) => {
      const sp = (window as unknown as TestWindow).__spinplan;
      const a = sp.design.arrays.find((x) => x.id === id)!;
      sp.floorplan.zoomTo({ x: a.x - 5, y: a.y - 5, width, height });
    },
    [id, width, height] as const,
  );
}
