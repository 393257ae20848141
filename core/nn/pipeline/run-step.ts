import type { AccuracyStepKey } from '../../api/accuracy-steps.js';
import { CONVERTER_MODELS, type ConverterChoice, type ConverterKind } from '../converters/converter.js';
import type { AdcRange } from '../converters/ranges.js';
import { accuracyOf } from '../network.js';
import type { ChipTransfer, ProgrammedChips } from './programmed-chips.js';
import type { ProgrammedState } from './programmed-state.js';
import { STEP_SETUP } from './steps.js';

/**
 * One step of ACCURACY_STEPS over the test images, as STEP_SETUP says, for the dense and
 * the conv pipeline alike: the network in software, or the chip of a programmed state with
 * the step's transfer and converters, its ADC ranges calibrated first when the step's ADC
 * needs them. The pipelines differ in their chip and their software model, given here.
 */
export interface StepRun {
  predictions: Uint8Array;
  accuracy: number;
  /**
   * Per layer, the arrays' mean read power per read (watts): one read per image of a dense
   * layer, one per patch of a convolution. When asked for and every array's transfer has its
   * row admittance.
   */
  power?: number[];
  /** Building the chip (0 when it was built for an earlier step), and running it (the ADC calibration included). */
  seconds: { build: number; run: number };
  /** What the arrays' transfer was: none (software), ideal wires, or the circuit solver's. */
  transfer: 'software' | ChipTransfer;
}

/** What a step asks of a chip (the dense Chip and the ConvChip both offer it). */
export interface StepChip {
  readonly adcCalibrated: boolean;
  readonly measuresPower: boolean;
  calibrateAdc(images: Uint8Array, count: number, options: { dac?: ConverterKind; mode?: AdcRange }): void;
  predict(
    images: Uint8Array,
    count: number,
    converters: ConverterChoice,
    options: { power?: Float64Array },
  ): { predictions: Uint8Array };
  dispose(): void;
}

/** The images a pipeline's steps read. */
export interface StepImages {
  /** The images each step reads (the test set, or its first K). */
  test: { images: Uint8Array; labels: Uint8Array; count: number };
  /** Training images the DAC and ADC ranges are calibrated on: the first `count`. */
  calibration: { images: Uint8Array; count: number };
  /** ADC range per physical column (default) or one per array. */
  adcRange?: AdcRange | undefined;
}

/** The network itself: its software predictions on the test images (the fp32 step), and each layer's array reads per image. */
export interface StepNetwork {
  software: () => Uint8Array;
  readsPerImage: readonly number[];
}

/**
 * One step on a programmed state; null for a step that cannot run (see ProgrammedChips.runs).
 * `gains: false` reads a circuit step without its column gains (the calibration's effect);
 * `power` measures the arrays' read power.
 */
export async function runStep<C extends StepChip>(
  chips: ProgrammedChips<C>,
  images: StepImages,
  network: StepNetwork,
  step: AccuracyStepKey,
  state: ProgrammedState,
  options: { power?: boolean; gains?: boolean },
): Promise<StepRun | null> {
  const setup = STEP_SETUP[step];
  const test = images.test;
  let t = performance.now();
  const result = (predictions: Uint8Array, build: number, transfer: StepRun['transfer']): StepRun => ({
    predictions,
    accuracy: accuracyOf(predictions, test.labels),
    seconds: { build, run: (performance.now() - t) / 1000 },
    transfer,
  });
  if (setup.runs === 'software') return result(network.software(), 0, 'software');
  if (!chips.runs(step)) return null;
  const transfer: ChipTransfer = setup.transfer === 'circuit' && chips.hasCircuit ? 'circuit' : 'ideal';
  const gains = transfer === 'circuit' && options.gains !== false;
  const { chip, seconds } = await chips.chip(state, transfer, gains);
  t = performance.now();
  if (CONVERTER_MODELS[setup.converters.adc].needsRange && !chip.adcCalibrated)
    chip.calibrateAdc(images.calibration.images, images.calibration.count, {
      dac: setup.converters.dac,
      mode: images.adcRange ?? 'column',
    });
  const reads = network.readsPerImage;
  const power = options.power && chip.measuresPower ? new Float64Array(reads.length) : undefined;
  const { predictions } = chip.predict(test.images, test.count, setup.converters, power ? { power } : {});
  return {
    ...result(predictions, seconds, transfer),
    ...(power ? { power: Array.from(power, (p, l) => p / (test.count * reads[l]!)) } : {}),
  };
}
