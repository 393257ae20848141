import { deviceModel } from '../devices/device-model-of.js';
import { designChecks } from '../model/defaults.js';
import type { ArrayRecord, Design, DeviceKind, DeviceRecord } from '../model/design.js';
import { findDevice, physicalColumns } from '../model/design.js';
import { engineering } from '../model/units.js';
import { TOPOLOGY_TRAITS } from '../model/topology.js';
import { arrayStates } from '../model/states.js';
import { arrayLayout } from '../model/geometry.js';
import { simulateArray } from '../vmm/simulate.js';
import { arrayPeripheryArea } from './array-area.js';

/**
 * Electrical rule checks: what makes a layout misbehave electrically although it is valid.
 * Each rule is an entry of RULES (a table the compiler checks: a rule key without its
 * check does not build), measured per array against the design's threshold
 * (technology.checks, defaults in core/model/periphery-nodes.ts), and reported as a warning
 * that names the array and the number, at the array's JSON path so the UI selects it.
 */
export type Checks = NonNullable<Design['technology']['checks']>;

export interface RuleFinding {
  rule: RuleKey;
  arrayId: string;
  /** The array's JSON path (`arrays[3]`): the Problems list and the canvas select by it. */
  path: string;
  /** The measured number, in the unit of the rule's threshold (a fraction). */
  value: number;
  threshold: number;
  message: string;
}

export interface CheckContext {
  design: Design;
  array: ArrayRecord;
  index: number;
  device: DeviceRecord;
  checks: Checks;
  /** The network's layer widths, when known (the unused-columns rule needs them). */
  layers?: readonly number[];
  /** What the array's columns and cells see with every row at the read voltage (measured once per array, when a rule asks). */
  measured(): ArrayMeasurement;
}

/**
 * An array read with every row at the read voltage: the worst IR drop (null when the
 * circuit was not solved) and the column currents, from the circuit or the ideal G V_read
 * (no wire losses: an upper bound of the circuit's).
 */
export interface ArrayMeasurement {
  irDrop: { worst: number; worstFraction: number; worstRow: number; worstColumn: number } | null;
  current: ArrayLike<number>;
  currentFrom: 'circuit' | 'ideal' | 'simulation';
}

/** What a UI passes for an array it has simulated: the last simulation's worst drop and column currents. */
export interface SimulatedArray {
  maxDrop: number;
  /** Largest row voltage of that simulation (the drop's reference). */
  inputMax: number;
  circuit: readonly number[];
}

interface Rule {
  label: string;
  /** Findings of one array (none when it passes or the rule does not apply). */
  check(c: CheckContext): Omit<RuleFinding, 'rule' | 'arrayId' | 'path'>[];
}

export const RULE_KEYS = [
  'irDrop',
  'columnCurrent',
  'adcLsb',
  'readDisturb',
  'writeCurrent',
  'unusedColumns',
  'peripheryFit',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** The voltage that switches a device through its write path, per kind (read disturb compares the read voltage with it). */
export const SWITCHING_VOLTAGE: { [K in DeviceKind]: (d: Extract<DeviceRecord, { kind: K }>) => number } = {
  'compound-mtj': (d) => d.programming.criticalVoltage,
  // J = V / (R w t): the voltage across the track that drives the depinning current density.
  'dw-notch': (d) =>
    d.programming.depinningCurrentDensity *
    d.programming.trackWidth *
    1e-6 *
    d.programming.trackThickness *
    1e-6 *
    d.write.resistance,
  multilevel: (d) => d.programming.thresholdVoltage,
  measured: (d) => d.programming.thresholdVoltage,
};

const switchingVoltage = (d: DeviceRecord) => (SWITCHING_VOLTAGE[d.kind] as (d: DeviceRecord) => number)(d);

export const RULES: Record<RuleKey, Rule> = {
  irDrop: {
    label: 'IR drop',
    check(c) {
      const s = c.measured().irDrop;
      if (!s) return [];
      const value = s.worstFraction;
      return value > c.checks.irDrop
        ? [
            {
              value,
              threshold: c.checks.irDrop,
              message: `worst IR drop ${pct(value)} of the read voltage (${engineering(s.worst, 'V')})${s.worstRow >= 0 ? ` at row ${s.worstRow}, column ${s.worstColumn}` : ''}, above the ${pct(c.checks.irDrop)} allowed: shorter lines, lower wire resistance or stronger drivers help`,
            },
          ]
        : [];
    },
  },
  columnCurrent: {
    label: 'column current',
    check(c) {
      const full = c.design.technology.periphery.columnFullScale;
      let worst = 0;
      let at = 0;
      const m = c.measured();
      for (let j = 0; j < m.current.length; j++)
        if (Math.abs(m.current[j]!) > worst) {
          worst = Math.abs(m.current[j]!);
          at = j;
        }
      const value = worst / full;
      return value > c.checks.columnCurrent
        ? [
            {
              value,
              threshold: c.checks.columnCurrent,
              message: `column ${at} carries ${engineering(worst, 'A')} with every row at the read voltage (${m.currentFrom === 'ideal' ? 'G V without wire losses' : m.currentFrom === 'simulation' ? 'its last simulation' : 'the circuit'}), ${pct(value)} of the ADC's full scale (${engineering(full, 'A')}): it clips; raise technology.periphery.columnFullScale or lower the read voltage`,
            },
          ]
        : [];
    },
  },
  adcLsb: {
    label: 'ADC LSB',
    check(c) {
      const g = deviceModel(c.device).levels;
      let step = Infinity;
      for (let k = 1; k < g.length; k++) step = Math.min(step, g[k]! - g[k - 1]!);
      const vRead = c.design.technology.readVoltage;
      const lsb = c.design.technology.periphery.columnFullScale / 2 ** c.array.adcBits;
      const value = (step * vRead) / lsb;
      // A level step of one cell at the full read voltage below one LSB is lost in the conversion.
      return value < 1
        ? [
            {
              value,
              threshold: 1,
              message: `one level step of one cell (${engineering(step * vRead, 'A')} at the read voltage) is ${value.toFixed(2)} of the ADC's LSB (${engineering(lsb, 'A')} = full scale / 2^${c.array.adcBits}): single steps are lost; more ADC bits or a smaller full scale resolve them`,
            },
          ]
        : [];
    },
  },
  readDisturb: {
    label: 'read disturb',
    check(c) {
      const vSwitch = switchingVoltage(c.device);
      const vRead = c.design.technology.readVoltage;
      const value = vRead / vSwitch;
      return value > c.checks.readDisturb
        ? [
            {
              value,
              threshold: c.checks.readDisturb,
              message: `the read voltage ${engineering(vRead, 'V')} is ${pct(value)} of ${c.device.name}'s switching voltage ${engineering(vSwitch, 'V')} (above ${pct(c.checks.readDisturb)}): reads may disturb the cells`,
            },
          ]
        : [];
    },
  },
  writeCurrent: {
    label: 'write current',
    check(c) {
      const traits = TOPOLOGY_TRAITS[c.array.topology];
      if (!traits.accessTransistor && !traits.rowTransistor) return [];
      const t = c.design.technology.transistor;
      const overdrive = t.gateVoltage - t.thresholdVoltage;
      const write = c.device.write.voltage / c.device.write.resistance;
      // Saturation current of the transistor that carries the write: a cell's access
      // transistor, or the row transistor that carries every cell of the row it writes.
      const ratioWL = traits.accessTransistor ? t.widthOverLength : (t.widthOverLength * t.onResistance) / t.rowOnResistance;
      const carried = traits.accessTransistor ? write : write * physicalColumns(c.array);
      const capacity = overdrive > 0 ? 0.5 * t.transconductance * ratioWL * overdrive * overdrive : 0;
      const value = capacity > 0 ? carried / capacity : Infinity;
      const who = traits.accessTransistor ? 'an access transistor' : 'the row transistor (every cell of a row written at once)';
      return value > c.checks.writeCurrent
        ? [
            {
              value,
              threshold: c.checks.writeCurrent,
              message: `the write current ${engineering(carried, 'A')} through ${who} is ${pct(value)} of its saturation current ${engineering(capacity, 'A')} (above ${pct(c.checks.writeCurrent)}): a wider transistor or a higher gate voltage carries it`,
            },
          ]
        : [];
    },
  },
  unusedColumns: {
    label: 'unused columns',
    check(c) {
      const tile = c.array.tile;
      if (!tile || !c.layers || tile.layer + 1 >= c.layers.length) return [];
      const outputs = c.layers[tile.layer + 1]!;
      const usedCols = Math.max(0, Math.min(c.array.cols, outputs - tile.colOffset));
      const value = 1 - usedCols / c.array.cols;
      return value > c.checks.unusedColumns
        ? [
            {
              value,
              threshold: c.checks.unusedColumns,
              message: `${c.array.cols - usedCols} of its ${c.array.cols} weight columns (${pct(value)}) hold no weight of layer ${tile.layer} (${outputs} outputs): their ADCs and periphery are paid for nothing; a narrower array fits`,
            },
          ]
        : [];
    },
  },
  peripheryFit: {
    label: 'periphery fit',
    check(c) {
      const layout = arrayLayout(c.design, c.array, c.device);
      const need = arrayPeripheryArea(c.design, c.array, c.device);
      const drawn = {
        columnSide: layout.sense.width * layout.sense.height,
        // The driver band less the row transistor's part of it.
        rowSide: layout.drivers.reduce((s, d) => s + (d.width - layout.rowTransistor) * d.height, 0),
      };
      const out: ReturnType<Rule['check']> = [];
      // The circuits the cost model counts must fit in the bands the floorplan draws (a physical limit: threshold 1).
      const side = (key: 'columnSide' | 'rowSide', length: number, fix: string) => {
        const value = drawn[key] > 0 ? need[key] / drawn[key] : need[key] > 0 ? Infinity : 0;
        if (value <= 1) return;
        const wanted = need[key] / length;
        out.push({
          value,
          threshold: 1,
          message: `its ${key === 'columnSide' ? 'ADCs, sense circuits and accumulators' : 'input drivers and row decoders'} need ${need[key].toFixed(0)} um² but the floorplan draws ${drawn[key].toFixed(0)} um² for them (${value.toFixed(1)} times over): widen technology.periphery.${key} to ${Math.ceil(wanted)} um${fix}`,
        });
      };
      side('columnSide', layout.sense.width, ', or share each ADC among more columns');
      side('rowSide', layout.drivers.length * layout.cells.height, '');
      return out;
    },
  },
};

export interface CheckOptions {
  layers?: readonly number[];
  only?: readonly RuleKey[];
  /**
   * 'circuit' (default) solves every array with every row at the read voltage; 'ideal'
   * solves nothing (fast enough for every edit): column currents are G V_read and the IR
   * drop is checked only on the arrays `simulated` gives.
   */
  measure?: 'circuit' | 'ideal';
  simulated?: (arrayId: string) => SimulatedArray | undefined;
}

/** Every rule on every array; `only` restricts the rules (the IR-drop and current rules measure each array once). */
export function electricalChecks(design: Design, options: CheckOptions = {}): RuleFinding[] {
  const checks = designChecks(design);
  const out: RuleFinding[] = [];
  design.arrays.forEach((array, index) => {
    const device = findDevice(design, array.device);
    if (!device) return;
    let measured: ArrayMeasurement | null = null;
    const context: CheckContext = {
      design,
      array,
      index,
      device,
      checks,
      ...(options.layers ? { layers: options.layers } : {}),
      measured: () => (measured ??= measure(design, array, device, options)),
    };
    for (const rule of options.only ?? RULE_KEYS)
      for (const f of RULES[rule].check(context))
        out.push({ rule, arrayId: array.id, path: `arrays[${index}]`, ...f, message: `${RULES[rule].label}: ${f.message}` });
  });
  return out;
}

function measure(design: Design, array: ArrayRecord, device: DeviceRecord, options: CheckOptions): ArrayMeasurement {
  if ((options.measure ?? 'circuit') === 'circuit') {
    const r = simulateArray(design, array.id);
    return { irDrop: r.irDrop, current: r.current, currentFrom: 'circuit' };
  }
  const sim = options.simulated?.(array.id);
  if (sim && sim.inputMax > 0)
    return {
      irDrop: { worst: sim.maxDrop, worstFraction: sim.maxDrop / sim.inputMax, worstRow: -1, worstColumn: -1 },
      current: sim.circuit,
      currentFrom: 'simulation',
    };
  // G V_read per physical column from the states the design holds; records are immutable, so an
  // array an edit did not touch keeps its measurement (the editor measures on every edit).
  const v0 = design.technology.readVoltage;
  const cached = IDEAL.get(array);
  if (cached && cached.device === device && cached.readVoltage === v0) return cached.measurement;
  const g = deviceModel(device).levels;
  const levels = arrayStates(array);
  const columns = physicalColumns(array);
  const current = new Float64Array(columns);
  const v = design.technology.readVoltage;
  for (let i = 0; i < levels.length; i++) current[i % columns]! += g[Math.min(levels[i]!, g.length - 1)]! * v;
  const measurement: ArrayMeasurement = { irDrop: null, current, currentFrom: 'ideal' };
  IDEAL.set(array, { device, readVoltage: v0, measurement });
  return measurement;
}

const IDEAL = new WeakMap<ArrayRecord, { device: DeviceRecord; readVoltage: number; measurement: ArrayMeasurement }>();
