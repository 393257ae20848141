/**
 * The folder a file dialog opens in: the folder of the name it suggests when that has
 * one; else the open design's folder (its exports belong beside it); else the folder the
 * user last picked a file in; else the documents folder; else the engine's working
 * folder. The working folder comes last: `spinplan serve` run in a checkout would
 * otherwise put exports into it.
 */
export function startFolder(o: {
  /** The name the dialog suggests, bare or with a folder. */
  initial: string;
  designFile: string | null;
  lastFolder: string | null;
  documents: string | null | undefined;
  cwd: string | null | undefined;
}): string {
  return folderOf(o.initial) || (o.designFile && folderOf(o.designFile)) || o.lastFolder || o.documents || o.cwd || '';
}

/** The folder part of a path ("" for a bare name), for / and \ alike; "/" for a file at the root. */
export function folderOf(p: string): string {
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  if (cut < 0) return '';
  return cut === 0 ? p[0]! : p.slice(0, cut);
}
