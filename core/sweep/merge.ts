import { pointCount } from '../api/sweep-spec.js';
import { sweepCsv, sweepTable, type PointRecord, type SweepSpec, type SweepTable } from '../api/sweep-table.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { UserError } from '../model/problems.js';
import { readRecords, readSpec } from './store.js';

/** Where a sweep named NAME writes its table: NAME.json and NAME.csv. */
export function tableFiles(output: string): { json: string; csv: string } {
  return { json: `${output}.json`, csv: `${output}.csv` };
}

/** Writes the table as JSON and CSV, each atomically. */
export async function writeTable(output: string, table: SweepTable): Promise<{ json: string; csv: string }> {
  const files = tableFiles(output);
  await writeFileAtomic(files.json, `${JSON.stringify(table, null, 2)}\n`);
  await writeFileAtomic(files.csv, sweepCsv(table));
  return files;
}

/** The grid's points no record covers, in order. */
export function missingPoints(spec: SweepSpec, records: readonly PointRecord[]): number[] {
  const have = new Set(records.map((r) => r.index));
  return [...Array(pointCount(spec.axes)).keys()].filter((i) => !have.has(i));
}

/**
 * The table of a sweep from its folder and any further folders of the same sweep (shards
 * that ran where the file system is not shared, copied back): the records of all, one
 * per point, a good one before a failed one. Folders of another sweep are refused.
 */
export async function mergeFolders(
  folders: readonly string[],
): Promise<{ spec: SweepSpec; table: SweepTable; missing: number[] }> {
  const spec = await readSpec(folders[0]!);
  const byIndex = new Map<number, PointRecord>();
  for (const folder of folders) {
    if (folder !== folders[0]) {
      const other = await readSpec(folder);
      if (other.fingerprint !== spec.fingerprint)
        throw new UserError(
          `${folder} holds another sweep than ${folders[0]} (another design, grid or options); merge folders of one sweep`,
        );
    }
    for (const r of await readRecords(folder)) {
      const had = byIndex.get(r.index);
      if (!had || (had.status === 'failed' && r.status === 'ok')) byIndex.set(r.index, r);
    }
  }
  const records = [...byIndex.values()];
  return { spec, table: sweepTable(spec, records), missing: missingPoints(spec, records) };
}
