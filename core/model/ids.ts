/**
 * Stable, typed record ids. An id is `<prefix>_<n>`, readable in files and SPICE decks,
 * never reused inside a design, and never changed by an edit.
 */
declare const idKind: unique symbol;
export type Id<K extends string> = string & { readonly [idKind]: K };
export type ArrayId = Id<'array'>;
export type DeviceId = Id<'device'>;

export const ID_PREFIX = { array: 'arr', device: 'dev' } as const;
export const ID_PATTERN = /^[a-z][a-z0-9]*_[A-Za-z0-9-]+$/;

/** The next free id with the given prefix among `existing`. */
export function nextId<K extends string>(prefix: string, existing: Iterable<string>): Id<K> {
  let max = 0;
  const re = new RegExp(`^${prefix}_(\\d+)$`);
  for (const id of existing) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}_${max + 1}` as Id<K>;
}
