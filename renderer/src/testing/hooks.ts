import type { SimulateResult } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';
import type { Floorplan } from '../canvas/floorplan.js';
import * as cmd from '../state/commands.js';
import type { Ctx } from '../state/commands.js';
import type { AccuracyResult, Job } from '../state/runs.js';

/**
 * What the end-to-end tests and the UI benchmark reach in the page, as `window.__spinplan`:
 * the editor's values they check and the canvas they measure, read live, and the two
 * commands they drive without the mouse. Only a test build (`vite build --mode e2e`)
 * installs it (main.ts); the product bundle has no such global.
 */
export interface TestHooks {
  readonly design: Design;
  readonly selection: readonly string[];
  /** Every job of the session, oldest first. */
  readonly jobs: readonly Job[];
  readonly accuracy: AccuracyResult | null;
  readonly simulations: Readonly<Record<string, SimulateResult>>;
  /** Undo steps in the history. */
  readonly historyDepth: number;
  /** The canvas: its screen geometry (arrayScreenRect, handleScreenRect, cellClientCenter, worldToScreen) and camera. */
  readonly floorplan: Floorplan | null;
  /** Places an array where the editor finds room, as a double-click in the palette does; its id. */
  placeAuto(preset: string, topology: Design['arrays'][number]['topology'], rows: number, cols: number): string | null;
  /** Opens a design file as File > Open does. */
  openFile(file: string): Promise<void>;
}

export function installTestHooks(ctx: Ctx): void {
  const { editor } = ctx;
  const hooks: TestHooks = {
    get design() {
      return editor.doc.design;
    },
    get selection() {
      return editor.session.selection;
    },
    get jobs() {
      return editor.runs.jobs;
    },
    get accuracy() {
      return editor.runs.accuracy;
    },
    get simulations() {
      return editor.runs.simulations;
    },
    get historyDepth() {
      return editor.doc.history.depth;
    },
    get floorplan() {
      return ctx.floorplan();
    },
    placeAuto: (preset, topology, rows, cols) => cmd.placeAuto(ctx, preset, topology, rows, cols),
    openFile: (file) => cmd.openFile(ctx, file),
  };
  Object.defineProperty(window, '__spinplan', { value: hooks, configurable: true });
}
