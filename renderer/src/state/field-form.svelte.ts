import { problemsAfter, type DesignDiff } from '../../../core/model/edits/index.js';
import type { Editor } from './editor.js';

/** One editable value of a form: where it is in the edited object (a dotted path, at most two deep) and how it is shown. */
export interface FormField {
  path: string;
  label: string;
  unit: string;
  title?: string;
  /** A number unless said: `text` takes the text as typed, `optional` a number or nothing (an empty box). */
  kind?: 'text' | 'optional';
  /** Numbers shown in `unit` are this many SI units (1e-15 for fJ): the box shows value / scale. */
  scale?: number;
}

/** The value at a dotted path of an object, undefined where the path ends early. */
export function valueAt(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
}

/** What a typed text means for a field: its value, or why it has none. */
export function parseField(f: FormField, text: string): { value: unknown } | { error: string } {
  if (f.kind === 'text') return { value: text };
  const t = text.trim();
  if (t === '' && f.kind === 'optional') return { value: undefined };
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) return { error: `${JSON.stringify(text)} is not a number` };
  return { value: v };
}

/** The patch that sets one field: `{ group: { key: value } }` for `group.key`, `{ path: value }` otherwise. */
export function patchAt<P>(path: string, value: unknown): P {
  const [group, key] = path.split('.') as [string, string | undefined];
  return (key ? { [group]: { [key]: value } } : { [group]: value }) as P;
}

export interface FieldFormOptions<P> {
  editor: Editor;
  /** The edited object as the design has it now: what a box without a draft shows. */
  source(): unknown;
  /** Every field's data-testid is this prefix, a dash and its path with the first dot made a dash. */
  testidPrefix: string;
  /** The edit a patch makes to the current design. */
  update(patch: P): DesignDiff;
  /** The undo label of an accepted value. */
  label(f: FormField): string;
}

/**
 * The state and commit logic of a form of validated fields. Every accepted value is one
 * undoable edit; a value that does not parse, or that the schema refuses (`problemsAfter`),
 * stays in its box as a draft with the message. Shown by ValidatedField.svelte.
 */
export class FieldForm<P = unknown> {
  drafts = $state<Record<string, string>>({});
  errors = $state<Record<string, string>>({});

  constructor(private readonly options: FieldFormOptions<P>) {}

  /** What a field's box shows: its draft, else the current value. */
  shown(f: FormField): string {
    const v = valueAt(this.options.source(), f.path);
    if (this.drafts[f.path] !== undefined) return this.drafts[f.path]!;
    return typeof v === 'number' && f.scale ? String(Number((v / f.scale).toPrecision(6))) : String(v ?? '');
  }

  testid(f: FormField): string {
    return `${this.options.testidPrefix}-${f.path.replace('.', '-')}`;
  }

  /** Applies a typed value as one undoable edit, or keeps it as a draft with the reason it is refused. */
  commit(f: FormField, text: string): void {
    const p = parseField(f, text);
    if ('error' in p) {
      this.refuse(f.path, text, p.error);
      return;
    }
    const { editor } = this.options;
    const value = typeof p.value === 'number' && f.scale ? Number((p.value * f.scale).toPrecision(12)) : p.value;
    const diff = this.options.update(patchAt<P>(f.path, value));
    const problems = problemsAfter(editor.doc.design, diff);
    if (problems.length > 0) {
      this.refuse(f.path, text, problems[0]!.message);
      return;
    }
    this.clear(f.path);
    editor.commit(diff, this.options.label(f));
  }

  /** Drops a field's draft and message. */
  clear(path: string): void {
    const { [path]: _e, ...restE } = this.errors;
    const { [path]: _d, ...restD } = this.drafts;
    this.errors = restE;
    this.drafts = restD;
  }

  private refuse(path: string, text: string, message: string): void {
    this.errors = { ...this.errors, [path]: message };
    this.drafts = { ...this.drafts, [path]: text };
  }
}
