import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FLOORPLAN_LAYERS } from '../../core/layout-export/layers.js';

const SCRIPT = path.join(import.meta.dirname, 'render-gds.py');

export interface RenderOptions {
  width: number;
  height: number;
  /** A detail view, micrometres with y up as in the file (x0, y0, x1, y1); without it, the die and a legend. */
  box?: [number, number, number, number];
}

/**
 * Renders a GDSII floorplan to PNG with KLayout in batch mode (scripts/klayout/render-gds.py),
 * each layer in the colour of core/layout-export/layers.ts. Throws with KLayout's output when it fails.
 */
export async function renderGds(gds: string, png: string, options: RenderOptions): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'spinplan-klayout-'));
  const layers = path.join(dir, 'layers.json');
  await writeFile(layers, JSON.stringify(Object.values(FLOORPLAN_LAYERS)));
  const params = { gds, png, layers, width: String(options.width), height: String(options.height) };
  const args = ['-b', '-r', SCRIPT, ...Object.entries(params).flatMap(([k, v]) => ['-rd', `${k}=${v}`])];
  if (options.box) args.push('-rd', `box=${options.box.join(',')}`);
  const run = spawnSync('klayout', args, { encoding: 'utf8', timeout: 120_000 });
  if (run.error || run.status !== 0)
    throw new Error(
      `klayout could not render ${gds} (${run.error?.message ?? `exit ${run.status}`}):\n${run.stdout}${run.stderr}`,
    );
}
