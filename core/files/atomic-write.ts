import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The file operations an atomic write needs, injectable so tests can make any step fail
 * (full disk, crash mid-write) and check that the old file survives.
 */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink };

/** Text or bytes produced piece by piece (a SPICE deck, a CSV), for outputs too large to hold as one string. */
export type Chunks = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Writes `data` to `target` so that the target is either the old file or the complete
 * new one, never a mix: write a temporary file beside it, fsync, then rename over it
 * (atomic on POSIX and on NTFS for same-volume renames), then fsync the folder. On any
 * failure, including one thrown by the producer of `data`, the temporary file is removed
 * and the error rethrown; the target is untouched.
 *
 * `data` is the whole content or a stream of chunks; chunks are written one at a time,
 * each awaited before the next is asked for, so a producer never runs ahead of the disk
 * and memory stays at one chunk. Temporary files of the same target left by a process
 * that no longer runs (a killed save) are removed first. Returns the bytes written.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | Chunks,
  fs: AtomicFs = realFs,
): Promise<number> {
  const dir = path.dirname(target);
  await removeStaleTemps(target, fs);
  const tmp = path.join(dir, tempName(path.basename(target), process.pid));
  let handle: fsp.FileHandle | undefined;
  let bytes: number;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    if (typeof data === 'string' || data instanceof Uint8Array) {
      await handle.writeFile(data);
      bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    } else bytes = await writeChunks(handle, data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
  return bytes;
}

/** `.<basename>.<pid>.<hex>.tmp`: hidden, beside the target, and naming the process that writes it. */
const tempName = (base: string, pid: number): string => `.${base}.${pid}.${randomBytes(4).toString('hex')}.tmp`;
const TEMP_TAIL = /^(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * Removes the temporary files of `target` whose writer is gone (killed mid-save, so it never
 * cleaned up). A temp whose process still runs, this one included, may be a save in
 * progress and is left alone; so is every other file. Best effort: a temp that cannot be
 * listed or removed stays, and the write goes on.
 */
export async function removeStaleTemps(target: string, fs: Pick<AtomicFs, 'unlink'> = realFs): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const tail = TEMP_TAIL.exec(name.slice(prefix.length));
    if (!tail || processRuns(Number(tail[1]))) continue;
    await fs.unlink(path.join(dir, name)).catch(() => undefined);
  }
}

/** Whether a process with this id exists. Only "no such process" counts as gone: no permission to signal it means it runs. */
function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function writeChunks(handle: fsp.FileHandle, chunks: Chunks): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // A write may take fewer bytes than given; the rest follows before the next chunk is asked for.
    for (let offset = 0; offset < buffer.byteLength;) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.byteLength - offset);
      if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
      offset += bytesWritten;
    }
    bytes += buffer.byteLength;
  }
  return bytes;
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; not possible on every platform (Windows), where it is skipped.
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    /* best effort */
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
