import type { Api, PinnedRunSummary } from '../../../core/api/contract.js';
import type { Design } from '../../../core/model/design.js';

/** What autosave reads of the document. */
export interface AutosavedDocument {
  readonly design: Design;
  readonly file: string | null;
  readonly dirty: boolean;
  /** Counts document changes (edits, undo, redo, loads). */
  readonly changes: number;
}

/** Seconds between autosaves: 30, or what `?autosave=SECONDS` asks (tests), at least 0.2. */
export function autosaveSeconds(search: string): number {
  const asked = Number(new URLSearchParams(search).get('autosave') ?? 30);
  return Math.max(0.2, Number.isFinite(asked) ? asked : 30);
}

/** Where a page keeps its autosave session across a reload (the tab's own storage; absent outside a browser). */
const SESSION_KEY = 'spinplan.autosave-session';
function tabStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The autosave session this tab had before it was reloaded, if any (info() hands its pinned runs over). */
export function previousSession(storage = tabStorage()): string | undefined {
  return storage?.getItem(SESSION_KEY) ?? undefined;
}

/**
 * The recovery state of this session, written every few seconds so a crash loses little:
 * the design while it has unsaved changes (a clean document has no recovery file), and
 * the pinned runs (their comparable summaries), written as soon as they change, so that a
 * reload or a crash keeps them.
 */
export class Autosave {
  /** Off until a recovery offer is answered, so it never overwrites the file it offers. */
  enabled = false;
  private sessionId: string | null = null;
  /** The document change last written; -1: none since the document was clean. */
  private written = -1;
  /** The pinned runs to keep, and the JSON last written of them (null: nothing written yet). */
  pinned: () => readonly PinnedRunSummary[] = () => [];
  private pinnedWritten: string | null = null;

  constructor(
    private readonly api: Pick<Api, 'autosave'>,
    private readonly doc: AutosavedDocument,
    private readonly storage = tabStorage(),
  ) {}

  /** This editor's autosave session (info().session); null keeps no recovery file. The tab remembers it across a reload. */
  get session(): string | null {
    return this.sessionId;
  }
  set session(id: string | null) {
    this.sessionId = id;
    if (id !== null) this.storage?.setItem(SESSION_KEY, id);
  }

  /**
   * Writes what changed since the last write: the design while it has unsaved changes (a
   * clean one removes its file), and the pinned runs; whether it wrote.
   */
  async save(): Promise<boolean> {
    if (!this.enabled || this.session === null) return false;
    const change = this.doc.changes;
    const designDue = this.doc.dirty && change !== this.written;
    const pinned = this.pinned();
    const pinnedJson = JSON.stringify(pinned);
    const pinnedDue = pinnedJson !== (this.pinnedWritten ?? '[]');
    if (!designDue && !pinnedDue) return false;
    try {
      // The design goes along while it is unsaved (a clean one has no recovery file): the runs never replace it.
      await this.api.autosave(
        this.session,
        this.doc.dirty ? this.doc.design : null,
        this.doc.dirty ? this.doc.file : null,
        ...(pinnedDue ? [[...pinned]] : []),
      );
      if (this.doc.dirty) this.written = change;
      if (pinnedDue) this.pinnedWritten = pinnedJson;
      return true;
    } catch {
      return false;
    }
  }

  /** The document is clean (saved, opened, new, undone to its saved state): the recovery file is no longer needed. */
  clear(): void {
    this.written = -1;
    if (this.enabled && this.session !== null) void this.api.autosave(this.session, null, null).catch(() => undefined);
  }

  /** Saves every `seconds` until the returned function is called. */
  start(seconds: number): () => void {
    const timer = setInterval(() => void this.save(), seconds * 1000);
    return () => clearInterval(timer);
  }
}
