import { z } from 'zod';
import { fraction, int, micrometres, num, text } from './schema-helpers.js';

/**
 * The periphery of every array (schema version 4): the bands drawn around it (rowSide,
 * columnSide, micrometres, as in version 3) and the models of what its circuits cost in
 * energy, time and area (core/ppa reads them). SI units: joules, seconds, watts, amperes,
 * farads; areas in square micrometres like every length of a design file. Each circuit with
 * alternatives is a kind with its own parameters; core/ppa holds one model per kind in a
 * table the compiler checks (ADC_MODELS, SENSE_MODELS, INPUT_MODELS).
 */

/** The kinds, listed once: the schema's enums and core/ppa's tables come from these lists. */
export const ADC_KINDS = ['sar', 'flash'] as const;
export type AdcKind = (typeof ADC_KINDS)[number];
export const SENSE_KINDS = ['sense-amp', 'tia'] as const;
export type SenseKind = (typeof SENSE_KINDS)[number];
export const INPUT_KINDS = ['voltage-dac', 'pulse-width', 'bit-serial'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const joules = () => num(0, 1e-6, { unit: 'J' });
const seconds = () => num(0, 1e-3, { unit: 's' });
const squareMicrometres = () => num(0, 1e8, { unit: 'um^2' });
/** Walden figure of merit P / (fs 2^ENOB): energy per conversion step. */
const walden = () => num(0, 1e-9, { exclusiveMin: true, unit: 'J/conversion-step' });

/** Successive approximation: one comparator decision per bit; the capacitor DAC grows with the bits. */
export const SarAdcSchema = z
  .object({
    kind: z.literal('sar'),
    fom: walden(),
    /** Time of one bit decision; a conversion takes bits x bitTime. */
    bitTime: num(0, 1e-6, { exclusiveMin: true, unit: 's' }),
    areaPerBit: squareMicrometres(),
  })
  .strict();

/** Flash: 2^bits - 1 comparators decide at once. */
export const FlashAdcSchema = z
  .object({
    kind: z.literal('flash'),
    fom: walden(),
    conversionTime: num(0, 1e-6, { exclusiveMin: true, unit: 's' }),
    areaPerComparator: squareMicrometres(),
  })
  .strict();

export const AdcSchema = z.discriminatedUnion('kind', [SarAdcSchema, FlashAdcSchema]);

/** A clocked sense amplifier: a fixed energy per sensing. */
export const SenseAmpSchema = z
  .object({ kind: z.literal('sense-amp'), energy: joules(), area: squareMicrometres(), time: seconds() })
  .strict();

/** A transimpedance amplifier holding its column at virtual ground: static power while the read lasts. */
export const TiaSchema = z
  .object({
    kind: z.literal('tia'),
    power: num(0, 1, { unit: 'W' }),
    area: squareMicrometres(),
    settlingTime: seconds(),
  })
  .strict();

export const SenseSchema = z.discriminatedUnion('kind', [SenseAmpSchema, TiaSchema]);

/** A voltage DAC per row (capacitive, 2^bits unit elements): every input in one analog read. */
export const VoltageDacSchema = z
  .object({
    kind: z.literal('voltage-dac'),
    /** Energy of one unit element per conversion; a conversion costs 2^bits of them. */
    unitEnergy: joules(),
    unitArea: squareMicrometres(),
    settlingTime: seconds(),
  })
  .strict();

/** A pulse-width driver per row: V_read for code x unitPulse, one analog read of up to (2^bits - 1) unit pulses. */
export const PulseWidthSchema = z
  .object({
    kind: z.literal('pulse-width'),
    unitPulse: num(0, 1e-6, { exclusiveMin: true, unit: 's' }),
    /** The counter and comparator that time the pulse, per bit of the input, per conversion. */
    energyPerBit: joules(),
    areaPerBit: squareMicrometres(),
  })
  .strict();

/** Bit-serial: one binary read per input bit (V_read or 0 on each row), summed by shift-and-add. */
export const BitSerialSchema = z.object({ kind: z.literal('bit-serial'), energy: joules(), area: squareMicrometres() }).strict();

export const InputDriverSchema = z.discriminatedUnion('kind', [VoltageDacSchema, PulseWidthSchema, BitSerialSchema]);

export const PeripherySchema = z
  .object({
    /** Width of the drivers' band at each driven row end (drawn; the model's area is reported apart). */
    rowSide: micrometres(0, 10_000),
    /** Height of the sense and ADC band under the columns (drawn). */
    columnSide: micrometres(0, 10_000),
    /** Process node the values are for, nanometres (a label: the values are what counts). */
    node: int(1, 1000, 'nm'),
    /** Digital supply. */
    supplyVoltage: num(0, 5, { exclusiveMin: true, unit: 'V' }),
    /** Digital clock period (shift-and-add, buffers, decoders). */
    clockPeriod: num(0, 1e-3, { exclusiveMin: true, unit: 's' }),
    /** Capacitance of a row line per micrometre, which every row activation charges to its read voltage. */
    wireCapacitance: num(0, 1e-12, { unit: 'F/um' }),
    /** Physical columns sharing one ADC through a multiplexer: k columns are converted in k cycles. */
    columnsPerAdc: int(1, 1024),
    /** Column current that maps to the ADC's full scale (the sense gain); the electrical rule checks compare columns with it. */
    columnFullScale: num(0, 1, { exclusiveMin: true, unit: 'A' }),
    adc: AdcSchema,
    sense: SenseSchema,
    input: InputDriverSchema,
    /** Row decoder and driver, per row activated (the line's own charge is wireCapacitance's). */
    rowDriver: z.object({ energy: joules(), area: squareMicrometres(), delay: seconds() }).strict(),
    /** Shift-and-add and accumulation adders: per bit of an addition. */
    shiftAdd: z.object({ energyPerBit: joules(), areaPerBit: squareMicrometres() }).strict(),
    /** Input and output buffers (SRAM): per bit read or written, and per bit stored. */
    buffer: z.object({ energyPerBit: joules(), areaPerBit: squareMicrometres() }).strict(),
    /** Leakage of the periphery per area, W per square metre. */
    leakage: z.object({ powerDensity: num(0, 1e6, { unit: 'W/m^2' }) }).strict(),
    /** Where the values come from and what is assumed (core/model/periphery-nodes.ts lists each number's source). */
    source: z
      .object({ title: text().min(1), note: text({ multiline: true }).optional(), assumed: z.array(text()).optional() })
      .strict(),
  })
  .strict();

/**
 * Thresholds of the electrical rule checks (core/ppa/erc), each a fraction: a finding above
 * it is a warning naming the array and the number.
 */
export const ChecksSchema = z
  .object({
    /** Worst IR drop across a cell, as a fraction of the read voltage. */
    irDrop: fraction(),
    /** Largest column current (every used row at the read voltage) as a fraction of the ADC's full scale (columnFullScale). */
    columnCurrent: num(0, 10),
    /** Read voltage as a fraction of the device's switching voltage (read disturb). */
    readDisturb: fraction(),
    /** Write current as a fraction of what the access or row transistor can carry. */
    writeCurrent: num(0, 10),
    /** Unused physical columns of a hosting array, as a fraction of its columns. */
    unusedColumns: fraction(),
  })
  .strict();
