import type { Api } from '../../../core/api/contract.js';
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

/**
 * Unsaved changes written to this session's recovery file every few seconds, so a crash
 * loses little; a clean document has no recovery file.
 */
export class Autosave {
  /** Off until a recovery offer is answered, so it never overwrites the file it offers. */
  enabled = false;
  /** This editor's autosave session (info().session); null keeps no recovery file. */
  session: string | null = null;
  /** The document change last written; -1: none since the document was clean. */
  private written = -1;

  constructor(
    private readonly api: Pick<Api, 'autosave'>,
    private readonly doc: AutosavedDocument,
  ) {}

  /** Writes the design to the recovery file when it has unsaved changes not yet written; whether it did. */
  async save(): Promise<boolean> {
    if (!this.enabled || !this.doc.dirty || this.session === null) return false;
    const change = this.doc.changes;
    if (change === this.written) return false;
    try {
      await this.api.autosave(this.session, this.doc.design, this.doc.file);
      this.written = change;
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
