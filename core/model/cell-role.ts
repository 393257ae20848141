import type { ArrayRecord } from './design.js';
import { physicalColumns } from './design.js';

/**
 * What one physical cell of an array stands for in the network: which weight it holds
 * (layer, input row, output column, and which side of a differential pair), or that it is
 * the reference column, or that the array hosts no tile. The same convention as the
 * mapping (core/nn/mapping.ts) and the netlist: physical row i is input rowOffset + i;
 * with differential mapping, physical columns 2c and 2c + 1 are G+ and G- of weight
 * column colOffset + c; with reference mapping, column c is weight column colOffset + c
 * and the last column is the reference.
 */
export type CellRole =
  | {
      kind: 'weight';
      layer: number;
      input: number;
      output: number;
      side: 'plus' | 'minus' | 'single';
      /** A convolution's tile: the kernel element the weight is (output channel = output). */
      kernel?: { inChannel: number; ky: number; kx: number };
    }
  | { kind: 'reference' }
  | { kind: 'no-tile' };

export function cellRole(array: Pick<ArrayRecord, 'rows' | 'cols' | 'mapping' | 'tile'>, row: number, column: number): CellRole {
  if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || row >= array.rows || column < 0)
    throw new RangeError(`cell (${row}, ${column}) is outside the array`);
  if (column >= physicalColumns(array)) throw new RangeError(`cell (${row}, ${column}) is outside the array`);
  if (array.mapping === 'reference' && column === array.cols) return { kind: 'reference' };
  const t = array.tile;
  if (!t) return { kind: 'no-tile' };
  const differential = array.mapping === 'differential';
  const c = differential ? Math.floor(column / 2) : column;
  const input = t.rowOffset + row;
  const k = t.kernel;
  // Rows unroll the kernel in patch order: (ky * width + kx) * channels + ci.
  const kernel = k
    ? {
        inChannel: input % k.channels,
        ky: Math.floor(input / (k.channels * k.width)),
        kx: Math.floor(input / k.channels) % k.width,
      }
    : undefined;
  return {
    kind: 'weight',
    layer: t.layer,
    input,
    output: t.colOffset + c,
    side: differential ? (column % 2 === 0 ? 'plus' : 'minus') : 'single',
    ...(kernel ? { kernel } : {}),
  };
}

/** The role in words, for people: `W0[12, 20], G- side` or `reference column`. */
export function describeCellRole(role: CellRole): string {
  switch (role.kind) {
    case 'reference':
      return 'reference column (subtracted from every weight column)';
    case 'no-tile':
      return 'no network weight (the array hosts no layer tile)';
    case 'weight': {
      const side = role.side === 'plus' ? ', G+ side of the pair' : role.side === 'minus' ? ', G- side of the pair' : '';
      if (role.kernel) {
        const { inChannel, ky, kx } = role.kernel;
        return `kernel element K${role.layer}[out ${role.output}, in ${inChannel}, y ${ky}, x ${kx}] (matrix row ${role.input}, column ${role.output})${side}`;
      }
      return `weight W${role.layer}[${role.input}, ${role.output}] (input ${role.input} -> output ${role.output})${side}`;
    }
  }
}
