import type { z } from 'zod';
import type { AdcKind, InputKind, PeripherySchema, SenseKind } from './periphery-schema.js';

type Periphery = z.infer<typeof PeripherySchema>;

/**
 * Periphery defaults for two process nodes, every number with where it comes from and what
 * is assumed. The design keeps the values (technology.periphery); this table is what a new
 * design, a switch of node or of a circuit's kind starts from, and what the technology
 * editor and docs/results/ppa-defaults.md cite. Scaling 45 -> 22 nm where no 22 nm figure
 * is published: energy by C V^2 (C with the feature size, V 0.9 -> 0.8 V: x 0.386), area by
 * the feature size squared (x 0.239).
 */
export const PERIPHERY_NODES = [22, 45] as const;
export type PeripheryNode = (typeof PERIPHERY_NODES)[number];

export interface Sourced {
  value: number;
  /** Where the number comes from. */
  source: string;
  /** What we chose where the source does not say. */
  assumed?: string;
}

const SURVEY = 'B. Murmann, "ADC Performance Survey 1997-2025" (github.com/bmurmann/ADC-survey), scripts/ppa/adc-survey.py';
const HOROWITZ = 'M. Horowitz, "Computing\'s energy problem", ISSCC 2014 (45 nm, 0.9 V)';
const SCALED = 'the 45 nm value scaled to 22 nm (energy x 0.386 by C V^2, area x 0.239 by the feature size squared)';
const NEUROSIM = 'DNN+NeuroSim V1.4 user manual, Fig. 27 (VGG-8, 22 nm): 628.8 uW of leakage on 45.55 mm^2';
const ITRS_WIRE = 'ITRS interconnect: about 0.2 fF/um for an intermediate metal line';

type Node = {
  scalars: Record<'supplyVoltage' | 'clockPeriod' | 'wireCapacitance' | 'columnsPerAdc' | 'columnFullScale' | 'leakage', Sourced>;
  adc: { [K in AdcKind]: Record<string, Sourced> };
  sense: { [K in SenseKind]: Record<string, Sourced> };
  input: { [K in InputKind]: Record<string, Sourced> };
  rowDriver: Record<'energy' | 'area' | 'delay', Sourced>;
  shiftAdd: Record<'energyPerBit' | 'areaPerBit', Sourced>;
  buffer: Record<'energyPerBit' | 'areaPerBit', Sourced>;
};

const common = (
  node: PeripheryNode,
): Pick<Node['scalars'], 'clockPeriod' | 'wireCapacitance' | 'columnsPerAdc' | 'columnFullScale'> => ({
  clockPeriod: { value: 1e-9, source: 'DNN+NeuroSim V1.4 Param.cpp default clock (1 GHz)' },
  wireCapacitance: { value: 0.2e-15, source: ITRS_WIRE, assumed: `the same at ${node} nm` },
  columnsPerAdc: { value: 8, source: 'DNN+NeuroSim V1.4 Param.cpp default (numColMuxed = 8)' },
  columnFullScale: {
    value: 1e-3,
    source: 'assumed',
    assumed: 'a current-input front end sized for 1 mA (256 cells of 25 kOhm at 0.1 V)',
  },
});

const NODES: Record<PeripheryNode, Node> = {
  45: {
    scalars: {
      supplyVoltage: { value: 0.9, source: HOROWITZ },
      ...common(45),
      leakage: { value: 13.8, source: NEUROSIM, assumed: "NeuroSim's 22 nm density, no 45 nm figure published" },
    },
    adc: {
      sar: {
        fom: { value: 27.5e-15, source: `${SURVEY}: median of 12 SAR ADCs, 40-65 nm, 5-10 ENOB` },
        bitTime: { value: 1.27e-9, source: `${SURVEY}: median conversion time per ENOB bit` },
        areaPerBit: { value: 2910, source: `${SURVEY}: median area per ENOB bit` },
      },
      flash: {
        fom: { value: 250e-15, source: `${SURVEY}: median of 4 flash ADCs, 40-65 nm` },
        conversionTime: { value: 0.417e-9, source: `${SURVEY}: median 1/fs` },
        areaPerComparator: { value: 2150, source: `${SURVEY}: median area / (2^ENOB - 1)` },
      },
    },
    sense: {
      'sense-amp': {
        energy: { value: 8.1e-15, source: 'assumed', assumed: 'a StrongARM latch switching 10 fF at 0.9 V' },
        area: { value: 30, source: 'assumed', assumed: 'a latch with an offset-trimmed input pair' },
        time: { value: 0.5e-9, source: 'assumed', assumed: 'one latch decision' },
      },
      tia: {
        power: { value: 50e-6, source: 'assumed', assumed: 'a one-stage TIA with 50 uW bias' },
        area: { value: 200, source: 'assumed', assumed: 'a one-stage OTA with its feedback resistor' },
        settlingTime: { value: 5e-9, source: 'assumed', assumed: 'settling to the ADC LSB' },
      },
    },
    input: {
      'voltage-dac': {
        unitEnergy: { value: 0.81e-15, source: 'assumed', assumed: 'a 1 fF unit capacitor charged to 0.9 V' },
        unitArea: { value: 1, source: 'assumed', assumed: 'a 1 fF MOM unit with its switch' },
        settlingTime: { value: 1e-9, source: 'assumed', assumed: 'the row line settles within a clock' },
      },
      'pulse-width': {
        unitPulse: { value: 1e-9, source: 'assumed', assumed: 'one clock per input level' },
        energyPerBit: { value: 5e-15, source: 'assumed', assumed: 'a counter flip-flop and comparator bit per conversion' },
        areaPerBit: { value: 5, source: 'assumed', assumed: 'one flip-flop per bit' },
      },
      'bit-serial': {
        energy: { value: 2e-15, source: 'assumed', assumed: 'a 1-bit row driver switching 2 fF at 0.9 V' },
        area: { value: 2, source: 'assumed', assumed: 'an inverter-sized 1-bit driver' },
      },
    },
    rowDriver: {
      energy: { value: 10e-15, source: 'assumed', assumed: 'a decoder path of about 8 gates at 1 fJ and the driver' },
      area: { value: 20, source: 'assumed', assumed: 'a decoder NAND and a sized driver per row' },
      delay: { value: 0.3e-9, source: 'assumed', assumed: 'a few gate delays' },
    },
    shiftAdd: {
      energyPerBit: { value: 3.75e-15, source: `${HOROWITZ}: 8-bit add 0.03 pJ` },
      areaPerBit: { value: 4.5, source: `${HOROWITZ}: 8-bit adder 36 um^2` },
    },
    buffer: {
      energyPerBit: { value: 156e-15, source: `${HOROWITZ}: 64-bit read of an 8 KB SRAM 10 pJ` },
      areaPerBit: {
        value: 0.7,
        source: 'Intel 45 nm 6T SRAM cell 0.346 um^2 (Mistry et al., IEDM 2007)',
        assumed: 'half of the macro is cells',
      },
    },
  },
  22: {
    scalars: {
      supplyVoltage: { value: 0.8, source: 'assumed', assumed: 'nominal 22 nm core supply' },
      ...common(22),
      leakage: { value: 13.8, source: NEUROSIM },
    },
    adc: {
      sar: {
        fom: { value: 33.8e-15, source: `${SURVEY}: median of 3 SAR ADCs, 16-32 nm, 5-10 ENOB` },
        bitTime: { value: 0.134e-9, source: `${SURVEY}: median conversion time per ENOB bit` },
        areaPerBit: { value: 580, source: `${SURVEY}: median area per ENOB bit` },
      },
      flash: {
        fom: { value: 250e-15, source: `${SURVEY} (45 nm median)`, assumed: 'no 16-32 nm flash ADC in the survey' },
        conversionTime: { value: 0.417e-9, source: `${SURVEY} (45 nm median)`, assumed: 'no 16-32 nm flash ADC' },
        areaPerComparator: { value: 514, source: SCALED },
      },
    },
    sense: {
      'sense-amp': {
        energy: { value: 3.2e-15, source: 'assumed', assumed: 'a StrongARM latch switching 5 fF at 0.8 V' },
        area: { value: 7, source: SCALED },
        time: { value: 0.3e-9, source: 'assumed', assumed: 'one latch decision' },
      },
      tia: {
        power: { value: 25e-6, source: 'assumed', assumed: 'a one-stage TIA with 25 uW bias' },
        area: { value: 48, source: SCALED },
        settlingTime: { value: 3e-9, source: 'assumed', assumed: 'settling to the ADC LSB' },
      },
    },
    input: {
      'voltage-dac': {
        unitEnergy: { value: 0.32e-15, source: 'assumed', assumed: 'a 0.5 fF unit capacitor charged to 0.8 V' },
        unitArea: { value: 0.24, source: SCALED },
        settlingTime: { value: 0.5e-9, source: 'assumed', assumed: 'the row line settles within half a clock' },
      },
      'pulse-width': {
        unitPulse: { value: 0.5e-9, source: 'assumed', assumed: 'half a clock per input level' },
        energyPerBit: { value: 1.9e-15, source: SCALED },
        areaPerBit: { value: 1.2, source: SCALED },
      },
      'bit-serial': {
        energy: { value: 0.77e-15, source: SCALED },
        area: { value: 0.48, source: SCALED },
      },
    },
    rowDriver: {
      energy: { value: 3.9e-15, source: SCALED },
      area: { value: 4.8, source: SCALED },
      delay: { value: 0.2e-9, source: 'assumed', assumed: 'a few gate delays' },
    },
    shiftAdd: {
      energyPerBit: { value: 1.45e-15, source: SCALED },
      areaPerBit: { value: 1.08, source: SCALED },
    },
    buffer: {
      energyPerBit: { value: 60e-15, source: SCALED },
      areaPerBit: {
        value: 0.184,
        source: 'Intel 22 nm 6T SRAM cell 0.092 um^2 (Jan et al., VLSI 2012)',
        assumed: 'half of the macro is cells',
      },
    },
  },
};

const values = <T extends Record<string, Sourced>>(r: T): { [K in keyof T]: number } =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value])) as { [K in keyof T]: number };

/** The ADC of a kind at a node, as the design stores it. */
export function adcAt(node: PeripheryNode, kind: AdcKind): Periphery['adc'] {
  return { kind, ...values(NODES[node].adc[kind]) } as Periphery['adc'];
}

export function senseAt(node: PeripheryNode, kind: SenseKind): Periphery['sense'] {
  return { kind, ...values(NODES[node].sense[kind]) } as Periphery['sense'];
}

export function inputAt(node: PeripheryNode, kind: InputKind): Periphery['input'] {
  return { kind, ...values(NODES[node].input[kind]) } as Periphery['input'];
}

/**
 * The periphery models of a node with the default kinds (SAR ADC, clocked sense amplifier,
 * bit-serial inputs as NeuroSim reads them), keeping the drawn bands given.
 */
export function peripheryAt(node: PeripheryNode, bands = { rowSide: 20, columnSide: 30 }): Periphery {
  const n = NODES[node];
  const s = values(n.scalars);
  return {
    ...bands,
    node,
    supplyVoltage: s.supplyVoltage,
    clockPeriod: s.clockPeriod,
    wireCapacitance: s.wireCapacitance,
    columnsPerAdc: s.columnsPerAdc,
    columnFullScale: s.columnFullScale,
    adc: adcAt(node, 'sar'),
    sense: senseAt(node, 'sense-amp'),
    input: inputAt(node, 'bit-serial'),
    rowDriver: values(n.rowDriver),
    shiftAdd: values(n.shiftAdd),
    buffer: values(n.buffer),
    leakage: { powerDensity: s.leakage },
    source: {
      title: `Spinplan's ${node} nm periphery defaults`,
      note: 'Each number with its source: core/model/periphery-nodes.ts and docs/results/ppa-defaults.md.',
      assumed: ['ENOB taken as the nominal ADC bits (conservative by 2^(bits - ENOB))'],
    },
  };
}

/** Every number of a node with its source, by its path in technology.periphery (docs and the editor's tooltips). */
export function peripherySources(node: PeripheryNode): { path: string; value: number; source: string; assumed?: string }[] {
  const n = NODES[node];
  const out: { path: string; value: number; source: string; assumed?: string }[] = [];
  const add = (prefix: string, r: Record<string, Sourced>) => {
    for (const [k, v] of Object.entries(r)) out.push({ path: `${prefix}${k}`, ...v });
  };
  add('', { ...n.scalars, leakage: n.scalars.leakage });
  for (const [kind, r] of Object.entries(n.adc)) add(`adc[${kind}].`, r);
  for (const [kind, r] of Object.entries(n.sense)) add(`sense[${kind}].`, r);
  for (const [kind, r] of Object.entries(n.input)) add(`input[${kind}].`, r);
  add('rowDriver.', n.rowDriver);
  add('shiftAdd.', n.shiftAdd);
  add('buffer.', n.buffer);
  return out.map((e) => (e.path === 'leakage' ? { ...e, path: 'leakage.powerDensity' } : e));
}

/** Default thresholds of the electrical rule checks (design.checks). */
export function defaultChecks(): {
  irDrop: number;
  columnCurrent: number;
  readDisturb: number;
  writeCurrent: number;
  unusedColumns: number;
} {
  return { irDrop: 0.1, columnCurrent: 1, readDisturb: 0.5, writeCurrent: 0.8, unusedColumns: 0.25 };
}
