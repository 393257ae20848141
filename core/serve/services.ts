import { readdir, readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  STUDY_TABLE,
  type ApiService,
  type DirListing,
  type EngineInfo,
  type OpenResult,
  type SaveResult,
  type StudyResult,
} from '../api/contract.js';
import type { Design } from '../model/design.js';
import { formatProblem, UserError, type Problem } from '../model/problems.js';
import { parseDesignValue } from '../model/validate.js';
import { describeFsError, readDesignFile, saveDesign } from '../files/design-file.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { documentsFolder } from '../files/documents-folder.js';
import { floorplanGds } from '../layout-export/gds.js';
import { spiceDeck } from './engines.js';
import { Examples } from './examples.js';
import { figureBytes } from './figure-file.js';
import { defaultRoots, FilePolicy } from './file-policy.js';
import { JobManager } from './jobs.js';
import { Recovery } from './recovery.js';
import { RecentFiles } from './state.js';

import { SPINPLAN_VERSION } from '../model/version.js';

export interface ServicesOptions {
  mode: EngineInfo['mode'];
  cwd: string;
  initial?: { file: string; design: Design } | null;
  /** Folder for the recovery file and the recent-files list (Electron: the user data folder); null keeps neither. */
  stateDir?: string | null;
  /** Folders the UI may read and write under (default: home, cwd, the temporary folder, SPINPLAN_ROOTS). */
  roots?: readonly string[];
  /** Where file dialogs start without a design file (default: the user's documents folder; Electron: cwd, which is Documents). */
  documents?: string;
}

export type Services = ApiService & {
  jobs: JobManager;
  /** Stops the jobs; this instance's autosaves become recoverable by the next start. */
  close(): Promise<void>;
};

/** A study table is a few kilobytes; anything far bigger is not one. */
const MAX_STUDY_BYTES = 64 * 2 ** 20;

/**
 * The Node-side implementation of the Api: files (open, atomic save, folder listing for
 * the in-app file dialog), SPICE export and jobs. Shared by `spinplan serve` and the
 * Electron engine process. Every design that arrives from a UI is validated again here,
 * and every path is checked against the file policy (file-policy.ts) before it is used.
 */
export function createServices(options: ServicesOptions): Services {
  const jobs = new JobManager();
  const policy = new FilePolicy(options.roots ?? defaultRoots(options.cwd));
  const resolve = (file: string) =>
    path.resolve(options.cwd, file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file);
  const failure = (file: string, e: unknown, prefix = ''): { ok: false; file: string; message: string; problems: Problem[] } => ({
    ok: false,
    file,
    message: `${prefix}${(e as Error).message}`,
    problems: e instanceof UserError ? [...e.problems] : [],
  });

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

  const examples = new Examples();
  const recovery = options.stateDir ? new Recovery(options.stateDir) : null;
  const recent = options.stateDir ? new RecentFiles(options.stateDir) : null;
  const remember = (file: string) => recent?.add(file).catch(() => undefined);
  const leftover = async (): Promise<EngineInfo['recovery']> => {
    const newest = (await recovery?.orphans())?.[0];
    return newest ? { file: newest.file, original: newest.original, savedAt: newest.savedAt } : null;
  };
  /**
   * The pinned runs a new session takes over: a reloaded page's (moved from the previous
   * session it names, when this instance issued it), else those of the closed session
   * whose design is offered (they stay with it until it is recovered or discarded), else
   * those a closed session left without a design (moved over).
   */
  const pinnedFor = async (
    r: Recovery,
    session: string,
    previous: string | null | undefined,
    offered: EngineInfo['recovery'],
  ): Promise<unknown[]> => {
    if (previous && r.owns(previous)) return r.movePinned(previous, session);
    const orphan = offered && (await r.entries()).find((e) => e.file === offered.file);
    if (orphan) return r.readPinned(orphan.session);
    return r.adoptPinned(session);
  };
  /** Recovery files live in the engine's state folder, outside the policy's roots: they are opened by name. */
  const isRecoveryFile = async (file: string) => !!recovery && (await recovery.entries()).some((e) => e.file === file);

  return {
    jobs,
    async close() {
      recovery?.close();
      await jobs.closeAll();
    },
    async info(previousSession) {
      const session = recovery?.newSession() ?? null;
      const offered = await leftover();
      return {
        mode: options.mode,
        version: SPINPLAN_VERSION,
        cwd: options.cwd,
        documents: options.documents ?? (options.mode === 'electron' ? options.cwd : documentsFolder()),
        initial: options.initial ?? null,
        recovery: offered,
        session,
        pinned: recovery && session ? await pinnedFor(recovery, session, previousSession, offered) : [],
      };
    },
    async openDesign(file): Promise<OpenResult> {
      let full = resolve(file);
      const fromRecovery = await isRecoveryFile(full);
      try {
        if (!fromRecovery) full = await policy.readable(full);
      } catch (e) {
        return failure(full, e);
      }
      const result = await readDesignFile(full);
      if (!result.ok) {
        return {
          ok: false,
          file: full,
          message: `${full} is not a valid design:\n${result.errors.map(formatProblem).join('\n')}`,
          problems: result.errors,
        };
      }
      if (!fromRecovery) await remember(full);
      return { ok: true, file: full, design: result.design, warnings: result.warnings, migratedFrom: result.migratedFrom };
    },
    async saveDesign(file, raw): Promise<SaveResult> {
      let full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        full = await policy.writable(full, 'design');
        await saveDesign(full, valid.design);
        const info = await stat(full);
        await remember(full);
        return { ok: true, file: full, bytes: info.size };
      } catch (e) {
        return failure(full, e);
      }
    },
    async listDir(dir): Promise<DirListing> {
      const full = await policy.listable(resolve(dir || '.'));
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
        const top = parent === full || (await policy.isRoot(full));
        return { path: full, parent: top ? null : parent, entries };
      } catch (e) {
        throw new UserError(describeFsError(full, e));
      }
    },
    async exportSpice(file, raw, arrayId): Promise<SaveResult> {
      let full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        full = await policy.writable(full, 'spice');
      } catch (e) {
        return failure(full, e);
      }
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
      if (request.kind === 'evaluate' && (request.options.weightsFile || request.options.cifarDir || request.options.idxDir)) {
        const { weightsFile, cifarDir, idxDir } = request.options;
        return {
          job: jobs.start({
            ...request,
            design: valid.design,
            options: {
              ...request.options,
              ...(weightsFile ? { weightsFile: await policy.readable(resolve(weightsFile)) } : {}),
              ...(cifarDir ? { cifarDir: await policy.listable(resolve(cifarDir)) } : {}),
              ...(idxDir ? { idxDir: await policy.listable(resolve(idxDir)) } : {}),
            },
          }),
        };
      }
      return { job: jobs.start({ ...request, design: valid.design }) };
    },
    async cancelJob(job) {
      jobs.cancel(job);
    },
    async autosave(session, raw, original, pinned) {
      if (!recovery) return;
      // The pinned runs (checked at the boundary: each a comparable summary) first: they do not depend on the design.
      if (pinned !== undefined) await recovery.savePinned(session, pinned.length ? JSON.stringify(pinned) : null);
      if (raw === null) return recovery.clear(session);
      // The editor only ever holds valid designs; anything else is refused, never written.
      const valid = validDesign(raw);
      if (!valid.ok) throw new UserError(`not autosaved: ${valid.message}`, valid.problems);
      await recovery.autosave(
        session,
        `${JSON.stringify(valid.design, null, 1)}\n`,
        original === null ? null : resolve(original),
      );
    },
    async discardRecovery(file) {
      await recovery?.discard(file);
    },
    async recentFiles() {
      return recent ? recent.list() : [];
    },
    async openStudy(file): Promise<StudyResult> {
      const full = await policy.readable(resolve(file));
      let text: string;
      try {
        if ((await stat(full)).size > MAX_STUDY_BYTES) throw new UserError(`${full} is too large to be a study table`);
        text = await readFile(full, 'utf8');
      } catch (e) {
        throw e instanceof UserError ? e : new UserError(describeFsError(full, e));
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // Nothing of the file is echoed: it may be any file of the user's.
        throw new UserError(`${full} is not JSON, so it is not a study table (spinplan study NAME writes one)`);
      }
      const parsed = STUDY_TABLE.safeParse(value);
      if (!parsed.success)
        throw new UserError(
          `${full} is not a study table (spinplan study NAME writes one): ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`,
        );
      return parsed.data;
    },
    async examples(name) {
      return examples.answer(name);
    },
    async saveReport(file, json, html): Promise<SaveResult> {
      const stem = resolve(file).replace(/\.(json|html?)$/i, '');
      try {
        const jsonFile = await policy.writable(`${stem}.json`, 'report');
        const htmlFile = await policy.writable(`${stem}.html`, 'report');
        await writeFileAtomic(jsonFile, json);
        await writeFileAtomic(htmlFile, html);
        return { ok: true, file: htmlFile, bytes: Buffer.byteLength(json) + Buffer.byteLength(html) };
      } catch (e) {
        return failure(`${stem}.html`, e, 'could not write the report: ');
      }
    },
    async exportGds(file, raw): Promise<SaveResult> {
      let full = resolve(file);
      const valid = validDesign(raw);
      if (!valid.ok) return { ok: false, file: full, message: valid.message, problems: valid.problems };
      try {
        full = await policy.writable(full, 'gds');
        const bytes = await writeFileAtomic(full, floorplanGds(valid.design, { time: new Date() }));
        return { ok: true, file: full, bytes };
      } catch (e) {
        return failure(full, e, 'could not export GDSII: ');
      }
    },
    async saveFigure(file, data): Promise<SaveResult> {
      let full = resolve(file);
      try {
        full = await policy.writable(full, 'figure');
        const bytes = await writeFileAtomic(full, figureBytes(full, data));
        return { ok: true, file: full, bytes };
      } catch (e) {
        return failure(full, e, 'could not write the figure: ');
      }
    },
  };
}
