import type { Design, StateGrid } from '../model/design.js';
import type { TrainOnChipOptions } from './contract.js';

/**
 * What a train-on-chip job reports (core/nn/insitu): the write cost, each epoch, the live
 * progress with the chip's states, what the run depends on, and its summary and result.
 * Re-exported by contract.ts, which holds the options a UI asks for.
 */

/** What writing pulses cost, over an epoch, the initial programming or a whole run. */
export interface WriteTotals {
  pulses: { set: number; reset: number };
  /** Joules: every pulse applied at the device's write energy, half-selected cells at fraction^2 of it. */
  writeEnergy: number;
  /** Seconds: write steps times the pulse width, arrays written at the same time. */
  writeTime: number;
  /** Row selections (write steps), summed over arrays. */
  writeSteps: number;
  /** Half-select exposures (passive arrays' V/2 scheme) and how many moved a cell. */
  halfSelected: number;
  disturbed: number;
}

/** One epoch of training on the chip. */
export interface TrainOnChipEpoch extends WriteTotals {
  epoch: number;
  /** Test accuracy of the chip after the epoch (its transfer as tracked, see --refresh-transfer). */
  accuracy: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Hosted weights with a nonzero change, those rounded to no pulse, and those a saturated pair could not follow. */
  updates: { requested: number; rounded: number; saturated: number };
  /** Differential pairs reprogrammed around the window's middle after the epoch. */
  refreshedPairs: number;
  /** Exact transfer extractions during the epoch. */
  extractions: number;
  seconds: number;
}

/** What some writing cost: pulses, write energy (J) and write time (s). */
export interface WriteCostView {
  pulses: { set: number; reset: number };
  writeEnergy: number;
  writeTime: number;
}

/**
 * The trained arrays' programmed states (each device's nearest level) at one point of a
 * training on the chip, for the canvas to show as training goes. Each grid holds every
 * `stride`-th row and physical column (1: all of them; larger only when the whole chip
 * would exceed STATE_SNAPSHOT_MAX_CELLS), in the file format's compact encoding.
 */
export interface TrainOnChipStates {
  epoch: number;
  batch: number;
  arrays: { id: string; rows: number; columns: number; stride: number; grid: StateGrid }[];
}

/** Live progress of a train-on-chip job, for plotting accuracy per epoch and pulses as they come. */
export interface TrainOnChipProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Test accuracy of each finished epoch. */
  accuracyPerEpoch: number[];
  /** Test accuracy per epoch of software SGD of the same network and recipe (the reference, trained first). */
  software: number[];
  /** What each finished epoch wrote, and the running epoch so far. */
  perEpoch: WriteCostView[];
  epochSoFar: WriteCostView;
  /** Everything written so far, the initial programming included. */
  pulses: { set: number; reset: number };
  writeEnergy: number;
  writeTime: number;
  /** Estimated seconds left (null before the first batch). */
  etaSeconds: number | null;
  /** The arrays' states: at the start, after every epoch and every few seconds between (absent in the other reports). */
  states?: TrainOnChipStates;
}

/** What a train-on-chip run depends on, as an accuracy report's RunParameters say it (compare-parameters.ts lists what differs). */
export type TrainOnChipParameters = {
  spinplan: string;
  design: { name: string; die: { width: number; height: number } };
  technology: Design['technology'];
  devices: Record<string, unknown>;
  arrays: Record<string, unknown>;
  network: {
    layers: number[];
    activation: string;
    weights: string;
    training: {
      rule: string;
      rounding: string;
      /** Absent in runs made before the choice existed, which used each device's own step. */
      pulseStep?: string;
      epochs: number;
      batchSize: number;
      learningRate: number;
      seed: number;
      refreshTransfer: number;
      trainLimit?: number;
    };
  };
  dataset: { name: string; testImages: number; trainImages: number };
};

/** The summary of a train-on-chip run (what `spinplan train-on-chip --json` prints). */
export interface TrainOnChipSummary {
  accuracy: {
    perEpoch: number[];
    /** On a fresh exact transfer extraction of the final conductances. */
    final: number;
    /** Software SGD of the same network, epochs, batch and learning rate. */
    software: number;
  };
  /** Totals of the whole run, the initial programming included. */
  pulses: { set: number; reset: number };
  writeEnergy: number;
  writeTime: number;
  epochs: TrainOnChipEpoch[];
  initialization: WriteTotals;
  total: WriteTotals;
  transfer: { refreshEvery: number; extractions: number; seconds: number; extractedAt: number[] };
  software: { perEpoch: number[]; secondsPerEpoch: number[]; fromCache: boolean };
  options: TrainOnChipOptions;
  /** The network as reports name it (e.g. "784-128-10 sigmoid") and what the run depends on. */
  network: string;
  parameters: TrainOnChipParameters;
  /** The layout trained: its arrays' footprint (periphery included) and the die, square metres. */
  area: { arrays: number; die: number; utilisation: number };
  seconds: number;
  notes: string[];
}

/** A train-on-chip job's result: the summary and a copy of the design holding the trained states. */
export interface TrainOnChipResult {
  summary: TrainOnChipSummary;
  design: Design;
}

/** The trained copy's chip name, the CLI's and the UI's alike: named apart from the design it came from. */
export const trainedCopyName = (name: string): string => `${name} (trained on chip)`;
