import type { ArrayRecord, Design, DeviceRecord } from '../../../core/model/design.js';

/**
 * What a run was computed from, by identity (edits replace records, undo puts the old
 * ones back): the technology and, per array it used, the array and its device.
 */
export interface RunBasis {
  readonly technology: Design['technology'];
  readonly arrays: readonly { readonly array: ArrayRecord; readonly device: DeviceRecord | undefined }[];
}

/** The basis of a run over some arrays (one for a simulation, all for an accuracy run); null if one is gone. */
export function runBasis(design: Design, arrayIds: readonly string[]): RunBasis | null {
  const arrays: { array: ArrayRecord; device: DeviceRecord | undefined }[] = [];
  for (const id of arrayIds) {
    const array = design.arrays.find((a) => a.id === id);
    if (!array) return null;
    arrays.push({ array, device: design.devices.find((d) => d.id === array.device) });
  }
  return { technology: design.technology, arrays };
}

/** The fields of an array that change a run's result (moving, rotating or renaming does not). */
export const ELECTRICAL_FIELDS = [
  'rows',
  'cols',
  'topology',
  'device',
  'mapping',
  'driverSide',
  'dacBits',
  'adcBits',
  'states',
  'tile',
] as const satisfies readonly (keyof ArrayRecord)[];

/** Whether two bases give the same result: the same technology and, array by array, the same device and electrical fields. */
export function sameBasis(a: RunBasis, b: RunBasis): boolean {
  return (
    a.technology === b.technology &&
    a.arrays.length === b.arrays.length &&
    a.arrays.every((x, i) => {
      const y = b.arrays[i]!;
      return x.device === y.device && ELECTRICAL_FIELDS.every((k) => x.array[k] === y.array[k]);
    })
  );
}
