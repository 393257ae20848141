import { z } from 'zod';
import { ID_PATTERN } from './ids.js';
import { LIMITS } from './limits.js';
import { ChecksSchema, PeripherySchema } from './periphery-schema.js';
import { NeuronsSchema } from './neuron-schema.js';
import { TOPOLOGIES } from './topology.js';
import { fraction, int, micrometres, num, parasiticOhms, positiveMicrometres, positiveOhms, text } from './schema-helpers.js';

/**
 * The design document, schema version 4 (current). Lengths are micrometres (chip.units),
 * resistances ohms, voltages volts, times seconds, conductances siemens. Data only:
 * behaviour lives in core/devices, core/netlist and friends.
 */
export const SCHEMA_VERSION = 4;

const id = (prefix: string) =>
  z.string().refine((s) => ID_PATTERN.test(s) && s.startsWith(`${prefix}_`), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a valid id, must look like ${prefix}_1`,
  });

const name = text().trim().min(1, { error: 'must not be empty' }).max(120, { error: 'must be at most 120 characters' });

export const SourceSchema = z
  .object({
    title: text().min(1),
    doi: text().optional(),
    note: text({ multiline: true }).optional(),
    /** Parameters not given by the source, chosen by us; listed so users see what is assumed. */
    assumed: z.array(text()).optional(),
  })
  .strict();

export const VariationSchema = z
  .object({
    /**
     * Device-to-device: relative sigma of a fixed per-device offset; under pulse
     * programming of a multilevel or measured device also of its window, step and range.
     */
    d2d: fraction(),
    /**
     * Cycle-to-cycle: relative sigma drawn anew at every programming; under pulse
     * programming of a multilevel or measured device, at every pulse, of that pulse's
     * step ('level') or of the window ('window').
     */
    ctc: fraction(),
    /** What the sigmas are relative to: the programmed level's conductance (a pulse's step), or the conductance window. */
    reference: z.enum(['level', 'window']),
  })
  .strict();

/** The write pulse every programming step sends (version 3: all three given; version 2 files get defaults, see migrations.ts). */
export const WritePulseSchema = z
  .object({
    /** Pulse amplitude across the write path. */
    voltage: num(0, 10, { exclusiveMin: true, unit: 'V' }),
    width: num(0, 1, { exclusiveMin: true, unit: 's' }),
    /** Resistance the write pulse drives (the write channel), for the energy V^2 t / R. */
    resistance: positiveOhms(),
  })
  .strict();

/** Most pulses a measured G-vs-pulse branch may list. */
export const MAX_PULSE_TABLE = 4096;

/**
 * Width of a switching sigmoid relative to its threshold:
 * P(x) = 1 / (1 + exp(-(x - x_c) / (w x_c))), x the pulse voltage or current density.
 */
const switchingWidth = () => num(0, 1, { exclusiveMin: true });
const volts = () => num(0, 10, { exclusiveMin: true, unit: 'V' });
/** Pulses that cross a range: SET or RESET branch. */
const pulseCount = () => int(1, 100_000, 'pulses');

/**
 * How SET and RESET pulses move a multilevel device (core/devices/pulse/multilevel.ts):
 * each branch bends as (1 - exp(-a p/P)) / (1 - exp(-a)) across the linearity range,
 * from the end it starts at, with a set so that its largest deviation from the straight
 * line is the deviation; outside the range the steps shrink geometrically.
 */
export const MultilevelProgrammingSchema = z
  .object({
    /** SET pulses that take the device across its linearity range, from the bottom. */
    setPulses: pulseCount(),
    /** RESET pulses that take it across the range from the top (differs from setPulses on an asymmetric device). */
    resetPulses: pulseCount(),
    /** Linearity deviation of the RESET branch (the SET branch's is the record's linearityDeviation). */
    resetDeviation: fraction(),
    /** A pulse of this amplitude makes a step with probability 1/2 (half-selected cells of a V/2 scheme). */
    thresholdVoltage: volts(),
    switchingWidth: switchingWidth(),
  })
  .strict();

/** How pulses switch the k MTJs of a compound MTJ (core/devices/pulse/compound-mtj.ts). */
export const CompoundMtjProgrammingSchema = z
  .object({
    /** Pulse amplitude at which one MTJ of this compound switches with probability 1/2. */
    criticalVoltage: volts(),
    /** Relative sigma of each MTJ's critical voltage, drawn once per MTJ (device-to-device). */
    criticalVoltageSpread: fraction(),
    switchingWidth: switchingWidth(),
  })
  .strict();

/** How pulses move the domain wall of a notched track (core/devices/pulse/dw-notch.ts). */
export const DwNotchProgrammingSchema = z
  .object({
    /** Current density at which the wall leaves its notch with probability 1/2 in one pulse. */
    depinningCurrentDensity: num(0, 1e14, { exclusiveMin: true, unit: 'A/m^2' }),
    /** Relative sigma of each device's depinning current density (device-to-device). */
    depinningSpread: fraction(),
    switchingWidth: switchingWidth(),
    /** Cross-section of the track the write current flows through: J = V / (R w t). */
    trackWidth: positiveMicrometres(100),
    trackThickness: positiveMicrometres(10),
  })
  .strict();

const branch = (what: string) =>
  z
    .array(num(0, 1, { exclusiveMin: true, unit: 'S' }))
    .min(2, { error: `needs the conductance before and after at least one ${what} pulse` })
    .max(MAX_PULSE_TABLE, { error: `at most ${MAX_PULSE_TABLE} pulses` });

/** A measured G-vs-pulse table (core/devices/pulse/measured.ts): conductance after 0, 1, 2, ... pulses. */
export const MeasuredProgrammingSchema = z
  .object({
    /** SET branch from the bottom of the window, ascending. */
    set: branch('SET'),
    /** RESET branch from the top of the window, descending. */
    reset: branch('RESET'),
    thresholdVoltage: volts(),
    switchingWidth: switchingWidth(),
  })
  .strict();

export const FootprintSchema = z.object({ width: positiveMicrometres(1000), height: positiveMicrometres(1000) }).strict();

const deviceCommon = {
  id: id('dev'),
  name,
  /** Preset this device was made from, if any. */
  preset: text().optional(),
  /** Area of one cell (device alone; transistors add their own). */
  footprint: FootprintSchema,
  variation: VariationSchema,
  write: WritePulseSchema,
  /** Bias at which the TMR halves, for the nonlinear read model TMR(V) = TMR0 / (1 + (V/Vh)^2). */
  vHalf: num(0, 10, { exclusiveMin: true, unit: 'V' }).optional(),
  source: SourceSchema,
};

export const CompoundMtjSchema = z
  .object({
    ...deviceCommon,
    kind: z.literal('compound-mtj'),
    /** k MTJs on one write channel, read in parallel: k + 1 levels. */
    cells: int(1, LIMITS.maxCompoundCells),
    rP: positiveOhms(),
    rAP: positiveOhms(),
    /** One of the k + 1 channel segments; the read current crosses one of them. */
    channelSegmentResistance: parasiticOhms(1e6),
    programming: CompoundMtjProgrammingSchema,
  })
  .strict();

export const DwNotchSchema = z
  .object({
    ...deviceCommon,
    kind: z.literal('dw-notch'),
    /** Notches pin the domain wall: one level per notch, equally spaced in conductance. */
    notches: int(2, LIMITS.maxLevels),
    rP: positiveOhms(),
    rAP: positiveOhms(),
    programming: DwNotchProgrammingSchema,
  })
  .strict();

export const MultilevelSchema = z
  .object({
    ...deviceCommon,
    kind: z.literal('multilevel'),
    levels: int(2, LIMITS.maxLevels),
    /** Lowest resistance (highest conductance) of the window. */
    rMin: positiveOhms(),
    rMax: positiveOhms(),
    /** Fraction of the conductance window where steps are near-equal and used. */
    linearityRange: num(0, 1, { exclusiveMin: true }),
    /** How far the conductance-vs-pulse curve bends: 0 linear, 1 strongly saturating. */
    linearityDeviation: fraction(),
    programming: MultilevelProgrammingSchema,
  })
  .strict();

export const MeasuredSchema = z
  .object({
    ...deviceCommon,
    kind: z.literal('measured'),
    /** Measured conductances, siemens, ascending. */
    conductances: z
      .array(num(0, 1, { exclusiveMin: true, unit: 'S' }))
      .min(2, { error: 'needs at least 2 levels' })
      .max(LIMITS.maxLevels, { error: `at most ${LIMITS.maxLevels} levels` }),
    programming: MeasuredProgrammingSchema,
  })
  .strict();

export const DeviceSchema = z.discriminatedUnion('kind', [CompoundMtjSchema, DwNotchSchema, MultilevelSchema, MeasuredSchema]);

export const WireSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('per-cell'), row: parasiticOhms(), col: parasiticOhms() }).strict(),
  z
    .object({
      mode: z.literal('per-length'),
      /** Ohms per micrometre; multiplied by the cell pitch of each array. */
      rowPerUm: parasiticOhms(),
      colPerUm: parasiticOhms(),
    })
    .strict(),
]);

export const TransistorSchema = z
  .object({
    /** On-resistance of a cell's access transistor (1T1R), the linear model. */
    onResistance: positiveOhms(1e9),
    widthOverLength: num(0, 1e4, { exclusiveMin: true }),
    /**
     * On-resistance of the controlling transistor of a whole row (row-transistor arrays).
     * It carries the current of every cell in its row, so it is drawn much wider than an
     * access transistor; in the triode model its W/L is widthOverLength * onResistance / rowOnResistance.
     */
    rowOnResistance: positiveOhms(1e9),
    thresholdVoltage: num(-5, 5, { unit: 'V' }),
    gateVoltage: num(-10, 10, { unit: 'V' }),
    /** Process transconductance KP (A/V^2) for the triode model. */
    transconductance: num(0, 1, { exclusiveMin: true, unit: 'A/V^2' }),
    /** SPICE model card in resources/spice/, without extension. */
    modelCard: z.string().regex(/^[a-z0-9_-]+$/i, { error: 'must be a model card name like nmos_generic' }),
    /** Width a transistor adds to a cell (1T1R) or to the row driver (row-transistor). */
    footprintWidth: micrometres(0, 1000),
  })
  .strict();

export const TechnologySchema = z
  .object({
    wire: WireSchema,
    readVoltage: num(0, 5, { exclusiveMin: true, unit: 'V' }),
    transistor: TransistorSchema,
    driverResistance: parasiticOhms(),
    senseResistance: parasiticOhms(),
    /** Periphery around every array: the bands drawn (drivers on the row side, sense amps and ADCs on the column side) and the models of its circuits (version 4). */
    periphery: PeripherySchema,
    /** Thresholds of the electrical rule checks (version 4); absent: the defaults (core/model/periphery-nodes.ts defaultChecks). */
    checks: ChecksSchema.optional(),
  })
  .strict();

export const StateGridSchema = z.discriminatedUnion('encoding', [
  /** Every cell at one level. */
  z.object({ encoding: z.literal('fill'), level: int(0, LIMITS.maxLevels - 1) }).strict(),
  /** One byte per physical cell, row-major, base64. */
  z.object({ encoding: z.literal('u8-base64'), data: z.string() }).strict(),
]);

export const TileSchema = z
  .object({
    /** Network layer index (0 = first weight matrix). */
    layer: int(0, 1000),
    /** Which rows (inputs) and weight columns (outputs) of that layer's matrix this array holds. */
    rowOffset: int(0, 1_000_000),
    colOffset: int(0, 1_000_000),
    /**
     * A convolution's kernel, when the layer is one (core/nn/conv): its matrix row
     * (ky * width + kx) * channels + ci is kernel element (ky, kx) of input channel ci.
     * Optional, so older files and dense layers need no migration.
     */
    kernel: z
      .object({ height: int(1, 1000), width: int(1, 1000), channels: int(1, 1_000_000) })
      .strict()
      .optional(),
  })
  .strict();

export const ArraySchema = z
  .object({
    id: id('arr'),
    name,
    /** Top-left corner of the footprint on the die, micrometres, y down. */
    x: micrometres(0, LIMITS.maxDieEdgeUm),
    y: micrometres(0, LIMITS.maxDieEdgeUm),
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)], {
      error: (issue) => `${JSON.stringify(issue.input)} is not allowed, must be 0, 90, 180 or 270`,
    }),
    rows: int(1, LIMITS.maxRows),
    /** Weight columns; physical columns are 2x (differential) or +1 (reference). */
    cols: int(1, LIMITS.maxCols),
    topology: z.enum(TOPOLOGIES),
    device: id('dev'),
    mapping: z.enum(['differential', 'reference']),
    /** Which row ends have drivers. */
    driverSide: z.enum(['left', 'right', 'both']),
    dacBits: int(1, LIMITS.maxConverterBits),
    adcBits: int(1, LIMITS.maxConverterBits),
    states: StateGridSchema,
    tile: TileSchema.nullable(),
  })
  .strict();

export const ChipSchema = z
  .object({
    name,
    width: positiveMicrometres(LIMITS.maxDieEdgeUm),
    height: positiveMicrometres(LIMITS.maxDieEdgeUm),
    units: z.literal('um', { error: 'must be "um": lengths in a design file are micrometres' }),
    grid: positiveMicrometres(10_000),
  })
  .strict();

export const DesignSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    chip: ChipSchema,
    technology: TechnologySchema,
    devices: z.array(DeviceSchema).max(LIMITS.maxDevices, { error: `at most ${LIMITS.maxDevices} devices` }),
    arrays: z.array(ArraySchema).max(LIMITS.maxArrays, { error: `at most ${LIMITS.maxArrays} arrays` }),
    /** The neuron of each hidden layer (version 4, core/model/neuron-schema.ts); a layer not listed, or no list: the ADCs and the network's activation. */
    neurons: NeuronsSchema.optional(),
    notes: text({ multiline: true }).optional(),
  })
  .strict();
