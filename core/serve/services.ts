import { readdir, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Api, DirListing, EngineInfo, OpenResult, SaveResult } from '../api/contract.js';
import type { Design } from '../model/design.js';
import { formatProblem, UserError, type Problem } from '../model/problems.js';
import { parseDesignValue } from '../model/validate.js';
import { describeFsError, readDesignFile, saveDesign } from '../files/design-file.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { availableEngines, spiceDeck } from './engines.js';
import { JobManager } from './jobs.js';

import { SPINPLAN_VERSION } from '../model/version.js';

export interface ServicesOptions {
  mode: EngineInfo['mode'];
  cwd: string;
  initial?: { file: string; design: Design } | null;
  recovery?: string | null;
}

export type Services = Omit<Api, 'onEvent'> & { jobs: JobManager };

/**
 * The Node-side implementation of the Api: files (open, atomic save, folder listing for
 * the in-app file dialog), SPICE export and jobs. Shared by `spinplan serve` and the
 * Electron engine process. Every design that arrives from a UI is validated again here.
 */
export function createServices(options: ServicesOptions): Services {
  const jobs = new JobManager();
  const resolve = (file: string) => path.resolve(options.cwd, file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file);

  const validDesign = (raw: unknown): { ok: true; design: Design } | { ok: false; message: string; problems: Problem[] } => {
    const parsed = parseDesignValue(raw);
    if (!parsed.ok) return { ok: false, message: `the design is not valid:\n${parsed.errors.map(formatProblem).join('\n')}`, problems: parsed.errors };
    return { ok: true, design: parsed.design };
  };

  return {
    jobs,
    async info() {
      return { mode: options.mode, version: SPINPLAN_VERSION, cwd: options.cwd, initial: options.initial ?? null, engines: availableEngines(), recovery: options.recovery ?? null };
    },
    async openDesign(file): Promise<OpenResult> {
      const full = resolve(file);
      const result = await readDesignFile(full);
      if (!result.ok) {
        return { ok: false, file: full, message: `${full} is not a valid design:\n${result.errors.map(formatProblem).join('\n')}`, problems: result.errors };
      }
      return { ok: true, file: full, design: result.design, warnings: result.warnings, migratedFrom: result.migratedFrom };
    },
    async saveDesign(file, raw): Promise<SaveResult> {
      const full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        await saveDesign(full, valid.design);
        const info = await stat(full);
        return { ok: true, file: full, bytes: info.size };
      } catch (e) {
        return { ok: false, file: full, message: (e as Error).message, problems: e instanceof UserError ? [...e.problems] : [] };
      }
    },
    async listDir(dir): Promise<DirListing> {
      const full = resolve(dir || '.');
      try {
        const dirents = await readdir(full, { withFileTypes: true });
        const entries = await Promise.all(
          dirents
            .filter((d) => !d.name.startsWith('.'))
            .map(async (d) => {
              const isDir = d.isDirectory();
              let size = 0;
              if (!isDir) size = await stat(path.join(full, d.name)).then((s) => s.size, () => 0);
              return { name: d.name, kind: isDir ? ('dir' as const) : ('file' as const), size };
            }),
        );
        entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
        const parent = path.dirname(full);
        return { path: full, parent: parent === full ? null : parent, entries };
      } catch (e) {
        throw new UserError(describeFsError(full, e));
      }
    },
    async exportSpice(file, raw, arrayId): Promise<SaveResult> {
      const full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        const deck = await spiceDeck(valid.design, arrayId);
        await writeFileAtomic(full, deck);
        return { ok: true, file: full, bytes: Buffer.byteLength(deck) };
      } catch (e) {
        return { ok: false, file: full, message: `could not export SPICE: ${(e as Error).message}`, problems: [] };
      }
    },
    async startJob(request) {
      const valid = validDesign(request.design);
      if (!valid.ok) throw new UserError(valid.message);
      return { job: jobs.start({ ...request, design: valid.design }) };
    },
    async cancelJob(job) {
      jobs.cancel(job);
    },
  };
}
