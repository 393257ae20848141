import type { ArrayRecord, Chip, Design, DeviceRecord, Technology } from '../design.js';

/**
 * A change to the design document, tldraw-style: records added, updated (from, to) and
 * removed, keyed by id. Arrays and devices are the collections; chip and technology are
 * singletons. Undo applies the reversed diff, so commands never need their own inverse.
 * `index` keeps a removed record's place so undoing a delete restores the order.
 */
export interface Placed<R> {
  record: R;
  index: number;
}

export interface CollectionDiff<R> {
  added: Record<string, Placed<R>>;
  updated: Record<string, [from: R, to: R]>;
  removed: Record<string, Placed<R>>;
}

export interface DesignDiff {
  arrays: CollectionDiff<ArrayRecord>;
  devices: CollectionDiff<DeviceRecord>;
  chip: [from: Chip, to: Chip] | null;
  technology: [from: Technology, to: Technology] | null;
}

export function emptyCollection<R>(): CollectionDiff<R> {
  return { added: {}, updated: {}, removed: {} };
}

export function emptyDiff(): DesignDiff {
  return { arrays: emptyCollection(), devices: emptyCollection(), chip: null, technology: null };
}

function collectionEmpty<R>(c: CollectionDiff<R>): boolean {
  return Object.keys(c.added).length === 0 && Object.keys(c.updated).length === 0 && Object.keys(c.removed).length === 0;
}

export function isEmptyDiff(d: DesignDiff): boolean {
  return collectionEmpty(d.arrays) && collectionEmpty(d.devices) && d.chip === null && d.technology === null;
}

function reverseCollection<R>(c: CollectionDiff<R>): CollectionDiff<R> {
  const updated: Record<string, [R, R]> = {};
  for (const [id, [from, to]] of Object.entries(c.updated)) updated[id] = [to, from];
  return { added: { ...c.removed }, updated, removed: { ...c.added } };
}

/** The diff that undoes `d`. */
export function reverseDiff(d: DesignDiff): DesignDiff {
  return {
    arrays: reverseCollection(d.arrays),
    devices: reverseCollection(d.devices),
    chip: d.chip ? [d.chip[1], d.chip[0]] : null,
    technology: d.technology ? [d.technology[1], d.technology[0]] : null,
  };
}

function applyCollection<R extends { id: string }>(list: readonly R[], c: CollectionDiff<R>): R[] {
  if (collectionEmpty(c)) return list as R[];
  const removed = new Set(Object.keys(c.removed));
  const out = list.filter((r) => !removed.has(r.id)).map((r) => (c.updated[r.id] ? c.updated[r.id]![1] : r));
  const added = Object.values(c.added).sort((a, b) => a.index - b.index);
  for (const { record, index } of added) out.splice(Math.min(Math.max(0, index), out.length), 0, record);
  return out;
}

/** Applies a diff, returning a new document; untouched records keep their identity (cheap re-render checks). */
export function applyDiff(design: Design, d: DesignDiff): Design {
  if (isEmptyDiff(d)) return design;
  return {
    ...design,
    chip: d.chip ? d.chip[1] : design.chip,
    technology: d.technology ? d.technology[1] : design.technology,
    devices: applyCollection(design.devices, d.devices),
    arrays: applyCollection(design.arrays, d.arrays),
  };
}

function squashCollection<R>(a: CollectionDiff<R>, b: CollectionDiff<R>): CollectionDiff<R> {
  const out: CollectionDiff<R> = { added: { ...a.added }, updated: { ...a.updated }, removed: { ...a.removed } };
  for (const [id, placed] of Object.entries(b.added)) {
    if (out.removed[id]) {
      const from = out.removed[id]!.record;
      delete out.removed[id];
      out.updated[id] = [from, placed.record];
    } else out.added[id] = placed;
  }
  for (const [id, [from, to]] of Object.entries(b.updated)) {
    if (out.added[id]) out.added[id] = { ...out.added[id]!, record: to };
    else if (out.updated[id]) out.updated[id] = [out.updated[id]![0], to];
    else out.updated[id] = [from, to];
  }
  for (const [id, placed] of Object.entries(b.removed)) {
    if (out.added[id]) delete out.added[id];
    else if (out.updated[id]) {
      out.removed[id] = { record: out.updated[id]![0], index: placed.index };
      delete out.updated[id];
    } else out.removed[id] = placed;
  }
  return out;
}

/** One diff with the effect of `a` then `b` (drags and typed edits collapse into one undo step). */
export function squashDiffs(a: DesignDiff, b: DesignDiff): DesignDiff {
  return {
    arrays: squashCollection(a.arrays, b.arrays),
    devices: squashCollection(a.devices, b.devices),
    chip: a.chip && b.chip ? [a.chip[0], b.chip[1]] : (a.chip ?? b.chip),
    technology: a.technology && b.technology ? [a.technology[0], b.technology[1]] : (a.technology ?? b.technology),
  };
}
