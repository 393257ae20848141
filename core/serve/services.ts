import { readdir, readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  STUDY_TABLE,
  type Api,
  type DirListing,
  type EngineInfo,
  type OpenResult,
  type SaveResult,
  type StudyTable,
} from '../api/contract.js';
import type { Design } from '../model/design.js';
import { formatProblem, UserError, type Problem } from '../model/problems.js';
import { parseDesignValue } from '../model/validate.js';
import { describeFsError, readDesignFile, saveDesign } from '../files/design-file.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { spiceDeck } from './engines.js';
import { JobManager } from './jobs.js';
import { RecentFiles, Recovery } from './state.js';

import { SPINPLAN_VERSION } from '../model/version.js';

export interface ServicesOptions {
  mode: EngineInfo['mode'];
  cwd: string;
  initial?: { file: string; design: Design } | null;
  /** Folder for the recovery file and the recent-files list (Electron: the user data folder); null keeps neither. */
  stateDir?: string | null;
}

export type Services = Omit<Api, 'onEvent'> & { jobs: JobManager };

/**
 * The Node-side implementation of the Api: files (open, atomic save, folder listing for
 * the in-app file dialog), SPICE export and jobs. Shared by `spinplan serve` and the
 * Electron engine process. Every design that arrives from a UI is validated again here.
 */
export function createServices(options: ServicesOptions): Services {
  const jobs = new JobManager();
  const resolve = (file: string) =>
    path.resolve(options.cwd, file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file);

  const validDesign = (raw: unknown): { ok: true; design: Design } | { ok: false; message: string; problems: Problem[] } => {
    const parsed = parseDesignValue(raw);
    if (!parsed.ok)
      return {
        ok: false,
        message: `the design is not valid:\n${parsed.errors.map(formatProblem).join('\n')}`,
        problems: parsed.errors,
      };
    return { ok: true, design: parsed.design };
  };

  const recovery = options.stateDir ? new Recovery(options.stateDir) : null;
  const recent = options.stateDir ? new RecentFiles(options.stateDir) : null;
  const remember = (file: string) => recent?.add(file).catch(() => undefined);
  const leftover = async (): Promise<EngineInfo['recovery']> => {
    const file = recovery?.leftover();
    if (!recovery || !file) return null;
    const meta = await recovery.meta();
    return { file, original: meta?.original ?? null, savedAt: meta?.savedAt ?? '' };
  };

  return {
    jobs,
    async info() {
      return {
        mode: options.mode,
        version: SPINPLAN_VERSION,
        cwd: options.cwd,
        initial: options.initial ?? null,
        recovery: await leftover(),
      };
    },
    async openDesign(file): Promise<OpenResult> {
      const full = resolve(file);
      const result = await readDesignFile(full);
      if (!result.ok) {
        return {
          ok: false,
          file: full,
          message: `${full} is not a valid design:\n${result.errors.map(formatProblem).join('\n')}`,
          problems: result.errors,
        };
      }
      if (!recovery || full !== recovery.file) await remember(full);
      return { ok: true, file: full, design: result.design, warnings: result.warnings, migratedFrom: result.migratedFrom };
    },
    async saveDesign(file, raw): Promise<SaveResult> {
      const full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        await saveDesign(full, valid.design);
        const info = await stat(full);
        await remember(full);
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
              if (!isDir)
                size = await stat(path.join(full, d.name)).then(
                  (s) => s.size,
                  () => 0,
                );
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
        const bytes = await writeFileAtomic(full, await spiceDeck(valid.design, arrayId));
        return { ok: true, file: full, bytes };
      } catch (e) {
        return { ok: false, file: full, message: `could not export SPICE: ${(e as Error).message}`, problems: [] };
      }
    },
    async startJob(request) {
      if (request.kind === 'study') return { job: jobs.start(request) };
      const valid = validDesign(request.design);
      if (!valid.ok) throw new UserError(valid.message);
      if (request.kind === 'evaluate' && request.options.weightsFile)
        return {
          job: jobs.start({
            ...request,
            design: valid.design,
            options: { ...request.options, weightsFile: resolve(request.options.weightsFile) },
          }),
        };
      return { job: jobs.start({ ...request, design: valid.design }) };
    },
    async cancelJob(job) {
      jobs.cancel(job);
    },
    async autosave(raw, original) {
      if (!recovery) return;
      if (raw === null) return recovery.clear();
      // Not validated: a design mid-edit may be invalid and is still worth recovering (open validates it).
      await recovery.autosave(`${JSON.stringify(raw, null, 1)}\n`, original === null ? null : resolve(original));
    },
    async recentFiles() {
      return recent ? recent.list() : [];
    },
    async openStudy(file): Promise<StudyTable> {
      const full = resolve(file);
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (e) {
        throw new UserError(describeFsError(full, e));
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new UserError(`${full} is not JSON: ${(e as Error).message}`);
      }
      const parsed = STUDY_TABLE.safeParse(value);
      if (!parsed.success)
        throw new UserError(
          `${full} is not a study table (spinplan study NAME writes one): ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`,
        );
      return parsed.data as StudyTable;
    },
    async saveReport(file, json, html): Promise<SaveResult> {
      const stem = resolve(file).replace(/\.(json|html?)$/i, '');
      try {
        await writeFileAtomic(`${stem}.json`, json);
        await writeFileAtomic(`${stem}.html`, html);
        return { ok: true, file: `${stem}.html`, bytes: Buffer.byteLength(json) + Buffer.byteLength(html) };
      } catch (e) {
        return { ok: false, file: `${stem}.html`, message: `could not write the report: ${(e as Error).message}`, problems: [] };
      }
    },
  };
}
