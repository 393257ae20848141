import type { Technology } from '../model/design.js';
import type { AdcKind, InputKind, SenseKind } from '../model/periphery-schema.js';

/**
 * What each kind of periphery circuit costs, one model per kind in a table the compiler
 * checks: a new ADC, sense or input kind in core/model/periphery-schema.ts does not build
 * until it has its model here. SI units; areas in square micrometres like the design.
 */
type Periphery = Technology['periphery'];
type Of<U, K> = Extract<U, { kind: K }>;

export interface AdcModel<P> {
  /** Energy of one conversion at `bits`. */
  energy(p: P, bits: number): number;
  /** Time of one conversion. */
  time(p: P, bits: number): number;
  area(p: P, bits: number): number;
  /** How the model reads its parameters, for reports. */
  readonly formula: string;
}

/**
 * The Walden figure of merit FOM = P / (fs 2^ENOB) gives the energy of a conversion as
 * FOM 2^ENOB; ENOB is taken as the nominal bits (conservative by 2^(bits - ENOB), which
 * real converters lose; periphery-nodes.ts says so in the source).
 */
export const ADC_MODELS: { [K in AdcKind]: AdcModel<Of<Periphery['adc'], K>> } = {
  sar: {
    energy: (p, bits) => p.fom * 2 ** bits,
    time: (p, bits) => p.bitTime * bits,
    area: (p, bits) => p.areaPerBit * bits,
    formula: 'E = FOM 2^bits, t = bits x bitTime, A = bits x areaPerBit',
  },
  flash: {
    energy: (p, bits) => p.fom * 2 ** bits,
    time: (p) => p.conversionTime,
    area: (p, bits) => p.areaPerComparator * (2 ** bits - 1),
    formula: 'E = FOM 2^bits, t = conversionTime, A = (2^bits - 1) x areaPerComparator',
  },
};

export interface SenseModel<P> {
  /** Sense circuits of an array with `columns` physical columns read through `adcs` ADCs. */
  instances(columns: number, adcs: number): number;
  /** Energy of an array read with `conversions` conversions on `columns` used columns, lasting `readTime` seconds. */
  energy(p: P, read: { conversions: number; columns: number; readTime: number }): number;
  /** Time it adds before each conversion. */
  time(p: P): number;
  area(p: P): number;
  readonly formula: string;
}

export const SENSE_MODELS: { [K in SenseKind]: SenseModel<Of<Periphery['sense'], K>> } = {
  // A clocked sense amplifier sits behind the column multiplexer, one per ADC.
  'sense-amp': {
    instances: (_columns, adcs) => adcs,
    energy: (p, r) => p.energy * r.conversions,
    time: (p) => p.time,
    area: (p) => p.area,
    formula: 'one per ADC, E = energy per sensing',
  },
  // A TIA holds its own column at virtual ground for the whole read, so every column has one.
  tia: {
    instances: (columns) => columns,
    energy: (p, r) => p.power * r.columns * r.readTime,
    time: (p) => p.settlingTime,
    area: (p) => p.area,
    formula: 'one per column, E = power x read time',
  },
};

/** What the inputs of a layer look like, as fractions of the input's full scale. */
export interface InputActivity {
  /** Mean input code over full scale (0..1). */
  meanCode: number;
  /** Mean of (code / full scale)^2. */
  meanSquare: number;
  /** Mean fraction of ones over the input's bit planes. */
  bitDensity: number;
}

export interface InputModel<P> {
  /** Reads of the array per input vector (bit planes, or one analog read). */
  phases(bits: number): number;
  /** How long one phase applies the rows. */
  phaseTime(p: P, bits: number, readPulse: number): number;
  /** Energy of a row's driver per input vector. */
  energyPerRow(p: P, bits: number, activity: InputActivity): number;
  areaPerRow(p: P, bits: number): number;
  /**
   * The cells' read energy per input vector relative to one analog read of `readPulse` at
   * the DAC voltages (V^T Y V x readPulse, which the circuit measures): each row delivers
   * V_read^2 G x (time it is on), so the ratio follows from the activity.
   */
  arrayEnergyRatio(p: P, bits: number, activity: InputActivity, readPulse: number): number;
  /** Row lines charged to V_read per input vector, as a fraction of the rows (for the line capacitance). */
  rowSwings(bits: number, activity: InputActivity): number;
  readonly formula: string;
}

const nonzero = (a: InputActivity) => Math.max(a.meanSquare, 1e-12);

export const INPUT_MODELS: { [K in InputKind]: InputModel<Of<Periphery['input'], K>> } = {
  'voltage-dac': {
    phases: () => 1,
    phaseTime: (p, _bits, readPulse) => readPulse + p.settlingTime,
    energyPerRow: (p, bits) => p.unitEnergy * 2 ** bits,
    areaPerRow: (p, bits) => p.unitArea * 2 ** bits,
    arrayEnergyRatio: () => 1,
    rowSwings: (_bits, a) => a.meanSquare,
    formula: 'one analog read; a 2^bits-unit DAC per row',
  },
  'pulse-width': {
    phases: () => 1,
    phaseTime: (p, bits) => (2 ** bits - 1) * p.unitPulse,
    energyPerRow: (p, bits) => p.energyPerBit * bits,
    areaPerRow: (p, bits) => p.areaPerBit * bits,
    // V_read for code x unitPulse instead of (code V_read / full)^2 for readPulse.
    arrayEnergyRatio: (p, bits, a, readPulse) => (a.meanCode * (2 ** bits - 1) * p.unitPulse) / (nonzero(a) * readPulse),
    rowSwings: (_bits, a) => Math.min(1, 2 * a.meanCode),
    formula: 'one read of up to 2^bits - 1 unit pulses; a counter per row',
  },
  'bit-serial': {
    phases: (bits) => bits,
    phaseTime: (_p, _bits, readPulse) => readPulse,
    energyPerRow: (p, bits, a) => p.energy * bits * a.bitDensity,
    areaPerRow: (p) => p.area,
    // Every bit plane a binary read at V_read of readPulse: bits x density rows on, against code^2.
    arrayEnergyRatio: (_p, bits, a) => (bits * a.bitDensity) / nonzero(a),
    rowSwings: (bits, a) => bits * a.bitDensity,
    formula: 'one binary read per input bit; a 1-bit driver per row; shift-and-add',
  },
};
