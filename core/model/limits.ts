/**
 * Hard limits of a design. They keep every operation inside known memory and time:
 * a design over them is refused with a message naming the limit instead of running the
 * machine out of memory. Documented in README "Limits".
 */
export const LIMITS = {
  /** Rows of one array (word lines). */
  maxRows: 4096,
  /** Weight columns of one array (physical columns are up to 2x this with differential mapping). */
  maxCols: 4096,
  /** Arrays on one die. */
  maxArrays: 1024,
  /** Physical cells over all arrays of a design (programmed states take one byte each). */
  maxTotalCells: 1 << 26,
  /** Devices in one design's library. */
  maxDevices: 256,
  /** Levels of one device (states are stored as one byte). */
  maxLevels: 256,
  /** Cells of one compound MTJ on a shared write channel. */
  maxCompoundCells: 16,
  /** Die edge, micrometres (10 cm). */
  maxDieEdgeUm: 100_000,
  /** DAC / ADC resolution. */
  maxConverterBits: 16,
  /** Design file size accepted by the loader, bytes. */
  maxFileBytes: 256 * 1024 * 1024,
} as const;
