import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { POINT_RECORD, SWEEP_SPEC, type PointRecord, type SweepSpec } from '../api/sweep-table.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { readRegularText } from '../files/regular-file.js';
import { UserError } from '../model/problems.js';

/**
 * Where a sweep keeps its spec and each finished point. A sweep resumes from it: points
 * with a record are not run again. The CLI names the folder (-o NAME, on a shared file
 * system for Slurm shards); the UI keeps one in the cache per sweep (core/serve/sweep-job.ts).
 */
export interface SweepStore {
  /** Records the spec, or checks that the stored one is the same sweep (same fingerprint). */
  open(spec: SweepSpec): Promise<void>;
  /** Every point finished so far (ok or failed). */
  records(): Promise<PointRecord[]>;
  /** Stores one point's record, atomically: a killed sweep leaves whole records or none. */
  put(record: PointRecord): Promise<void>;
}

/** The folder of a sweep named NAME (-o NAME): NAME.sweep beside NAME.json and NAME.csv. */
export function sweepFolder(output: string): string {
  return `${output}.sweep`;
}

const SPEC_FILE = 'spec.json';
const POINTS = 'points';
const MAX_SPEC_BYTES = 64 * 1024 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;
const recordName = (index: number) => `${String(index).padStart(6, '0')}.json`;
const RECORD_NAME = /^\d{6,}\.json$/;

/** A sweep folder: spec.json and points/NNNNNN.json, each written atomically. */
export class FileSweepStore implements SweepStore {
  constructor(readonly folder: string) {}

  async open(spec: SweepSpec): Promise<void> {
    await fsp.mkdir(path.join(this.folder, POINTS), { recursive: true });
    const stored = await readSpec(this.folder).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    });
    if (stored && stored.fingerprint !== spec.fingerprint)
      throw new UserError(
        `${this.folder} holds a sweep of another design, grid or evaluation options (its command: ${stored.command}); ` +
          'name this one differently with -o, or delete that folder to start over',
      );
    // The metrics shown may change between runs of one sweep (every record holds them all).
    await writeFileAtomic(path.join(this.folder, SPEC_FILE), `${JSON.stringify(spec)}\n`);
  }

  async records(): Promise<PointRecord[]> {
    return readRecords(this.folder);
  }

  async put(record: PointRecord): Promise<void> {
    await writeFileAtomic(path.join(this.folder, POINTS, recordName(record.index)), `${JSON.stringify(record)}\n`);
  }
}

/** The spec stored in a sweep folder, checked. */
export async function readSpec(folder: string): Promise<SweepSpec> {
  const file = path.join(folder, SPEC_FILE);
  const text = await readRegularText(file, { what: 'a sweep spec', maxBytes: MAX_SPEC_BYTES });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not JSON; it is written by spinplan sweep (delete the folder to start over)`);
  }
  const parsed = SWEEP_SPEC.safeParse(raw);
  if (!parsed.success)
    throw new UserError(
      `${file} is not a sweep spec: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/**
 * The point records of a sweep folder. A record that is not one (a file someone edited) is
 * skipped, so its point runs again; temporary files of unfinished writes are not records.
 */
export async function readRecords(folder: string): Promise<PointRecord[]> {
  const dir = path.join(folder, POINTS);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: PointRecord[] = [];
  for (const name of names.filter((n) => RECORD_NAME.test(n)).sort()) {
    try {
      const text = await readRegularText(path.join(dir, name), { what: 'a sweep point record', maxBytes: MAX_RECORD_BYTES });
      const r = POINT_RECORD.safeParse(JSON.parse(text));
      if (r.success && recordName(r.data.index) === name) out.push(r.data);
    } catch {
      /* unreadable: the point runs again */
    }
  }
  return out;
}
