/**
 * The chip's cost per inference (core/ppa/chip-cost.ts): latency, throughput, energy and
 * area by component, efficiency, and what programming the layout costs. SI units: joules,
 * seconds, square metres (like the accuracy report's area). Part of `evaluate --json` as
 * `ppa`, of the HTML report and of `spinplan compare`.
 */

/** Where the energy goes, in the order reports and stacked bars list them, with names for people. */
export const ENERGY_COMPONENTS = [
  ['array', 'array read'],
  ['adc', 'ADC'],
  ['input', 'DAC / drivers'],
  ['sense', 'sense'],
  ['rowDriver', 'row decoders'],
  ['digital', 'shift-add / accumulate'],
  ['buffer', 'buffers'],
  ['leakage', 'leakage'],
] as const;
export type EnergyComponent = (typeof ENERGY_COMPONENTS)[number][0];

/** Where the area goes (leakage takes none). */
export type AreaComponent = Exclude<EnergyComponent, 'leakage'>;
export const AREA_COMPONENTS: readonly (readonly [AreaComponent, string])[] = [
  ['array', 'cells'],
  ['adc', 'ADC'],
  ['input', 'DAC / drivers'],
  ['sense', 'sense'],
  ['rowDriver', 'row decoders'],
  ['digital', 'shift-add / accumulate'],
  ['buffer', 'buffers'],
];

export type ByComponent<K extends string> = Record<K, number>;

export interface PpaLayer {
  layer: number;
  /** Matrix-vector products per inference (1 for a fully connected layer). */
  reads: number;
  arrays: number;
  adcs: number;
  /** ADC conversions per inference. */
  conversions: number;
  /** Column multiplexer cycles per array read (the most of any of its arrays). */
  muxCycles: number;
  /** Array reads per input vector: bit planes, or 1 for an analog read. */
  phases: number;
  latency: number;
  energy: ByComponent<EnergyComponent>;
  /** Operations per inference (2 per multiply-accumulate of a hosted weight). */
  ops: number;
  /** Whether the cells' read energy comes from the circuit solve (V^T Y V) or from the conductances with ideal wires. */
  arrayEnergy: 'measured' | 'estimated';
}

export interface PpaReport {
  node: number;
  kinds: { adc: string; sense: string; input: string };
  columnsPerAdc: number;
  readPulse: number;
  /** How operations are counted, in words. */
  opsCounting: string;
  perInference: {
    latency: number;
    energy: number;
    energyByComponent: ByComponent<EnergyComponent>;
    ops: number;
  };
  /** Inferences per second: layer after layer, and with every layer a pipeline stage. */
  throughput: { layerByLayer: number; pipelined: number };
  topsPerWatt: number;
  /** At the layer-by-layer throughput, over the modelled area. */
  topsPerMm2: number;
  area: {
    /** The modelled chip: cells and every periphery circuit, square metres. */
    total: number;
    byComponent: ByComponent<AreaComponent>;
    die: number;
    /** total / die. */
    utilization: number;
    /** The floorplan's drawn array footprints (bands of fixed width), for comparison. */
    drawn: number;
  };
  layers: PpaLayer[];
  /** Programming the layout's target levels from the reset state with the devices' write pulses. */
  programming: { energy: number; time: number; pulses: number; cells: number; assumptions: string };
  notes: string[];
}
