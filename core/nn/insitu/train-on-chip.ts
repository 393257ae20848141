import type { TrainOnChipEpoch, TrainOnChipProgress, TrainOnChipStates, WriteCostView, WriteTotals } from '../../api/contract.js';
import { etaSeconds } from '../../api/job-time.js';
import { stateSnapshot } from '../../api/train-on-chip-states.js';
import { checkCancelled, yieldToEventLoop, type JobEvents } from '../../jobs/job.js';
import { UserError } from '../../model/problems.js';
import { physicalColumns, type Design } from '../../model/design.js';
import type { ConverterChoice } from '../converters/converter.js';
import type { Dataset } from '../datasets.js';
import type { NetworkSpec } from '../network.js';
import type { TransferFn } from '../pipeline/transfer.js';
import { initTf } from '../tf.js';
import { checkNetworkFits } from '../train.js';
import type { PulseModelOf, PulseStep } from './device-arrays.js';
import { emptyUpdateTally, type PulseRule } from './pair-update.js';
import { shuffledOrder } from './shuffle.js';
import { OnChipTrainer } from './trainer.js';
import { addCost, emptyCost, writeTotals, type WriteCost } from './write-path.js';

/**
 * In-situ training (domain.md 7): the weights live only in the devices. Every batch runs
 * forward through the chip model of the layout (the pulse arrays' conductances, the
 * arrays' transfer with IR drop, DAC and ADC, digital sums, sigmoid), backward in software
 * (backward.ts), and its update is written as SET and RESET pulses (pair-update.ts) along
 * the topology's write path (write-path.ts), which counts pulses, write energy and write
 * time. Biases and any weight no array hosts are digital and take plain SGD in full
 * precision. Differential pairs that drifted are refreshed after each epoch
 * (pair-refresh.ts). The test accuracy is measured after each epoch on the chip as it is
 * (its transfer the tracked estimate), and the final one on a fresh exact extraction.
 */
export interface TrainOnChipOptions {
  data: Dataset;
  network: NetworkSpec;
  rule: PulseRule;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Updates (batches) between exact transfer extractions; 0: only at the start and the end. */
  refreshTransfer: number;
  /** The circuit solver's transfer; null reads the arrays with ideal wires. */
  circuit: TransferFn | null;
  pulseModel: PulseModelOf;
  /** The step |dW| is divided by (device-arrays.ts): the datasheet's, or each device's own. */
  pulseStep: PulseStep;
  /** Default: the hardware step's, uniform DACs and ADCs. */
  converters?: ConverterChoice;
  /** Weight range of each hosted layer in Glorot limits (insitu-plan.ts). */
  weightScale?: number;
  /** Training images the ADC ranges are calibrated on (default 512). */
  calibrationImages?: number;
}

/** Live progress as the training itself knows it (run.ts adds the software reference). */
export type InSituProgress = Omit<TrainOnChipProgress, 'software'>;

export interface InSituEvents extends JobEvents {
  /** Structured progress for live plots (a UI's accuracy and pulse curves, and its canvas's states). */
  onDetail?(detail: InSituProgress): void;
}

/**
 * Seconds between state snapshots inside an epoch (one also comes at the start and after
 * every epoch): what the canvas needs to show the states move, at a few hundred kB each.
 */
const SNAPSHOT_SECONDS = 2;

export interface InSituRun {
  perEpoch: number[];
  final: number;
  epochs: TrainOnChipEpoch[];
  initialization: WriteTotals;
  total: WriteTotals;
  transfer: { refreshEvery: number; extractions: number; seconds: number; extractedAt: number[] };
  /** Seconds of the whole run and of each epoch (its batches, pair refresh and test pass). */
  seconds: { total: number; setup: number; final: number };
  levels: Map<string, Uint8Array>;
  notes: string[];
}

const HARDWARE_CONVERTERS: ConverterChoice = { dac: 'uniform', adc: 'uniform' };

export async function trainOnChip(design: Design, o: TrainOnChipOptions, events?: InSituEvents): Promise<InSituRun> {
  const t0 = performance.now();
  await initTf();
  checkNetworkFits(o.network, o.data);
  if (o.network.activation.kind !== 'sigmoid')
    throw new UserError(
      `training on the chip runs sigmoid hidden layers (their [0, 1] range is every DAC's full scale); the network asks for ${o.network.activation.kind}`,
    );
  const trainer = await OnChipTrainer.create({
    design,
    network: o.network,
    data: o.data,
    rule: o.rule,
    learningRate: o.learningRate,
    seed: o.seed,
    refreshTransfer: o.refreshTransfer,
    circuit: o.circuit,
    pulseModel: o.pulseModel,
    pulseStep: o.pulseStep,
    converters: o.converters ?? HARDWARE_CONVERTERS,
    ...(o.weightScale !== undefined ? { weightScale: o.weightScale } : {}),
    calibrationImages: o.calibrationImages ?? 512,
  });
  try {
    const setup = (performance.now() - t0) / 1000;
    const n = o.data.train.count;
    const batches = Math.ceil(n / o.batchSize);
    const epochs: TrainOnChipEpoch[] = [];
    const total = emptyCost();
    addCost(total, trainer.initialization);
    const started = performance.now();
    let lastReport = 0;
    let lastSnapshot = -Infinity;
    const perEpoch: WriteCostView[] = [];
    const snapshot = (epoch: number, batch: number): TrainOnChipStates | undefined => {
      if (!events?.onDetail) return undefined;
      lastSnapshot = performance.now();
      const levels = trainer.levels();
      return stateSnapshot(
        trainer.arrays.map(({ plan: { array } }) => ({
          id: array.id,
          rows: array.rows,
          columns: physicalColumns(array),
          levels: levels.get(array.id)!,
        })),
        epoch,
        batch,
      );
    };
    /**
     * After a batch: the bar's progress and the live detail. At an epoch's end (`epochEnd`)
     * the epoch's own message has been said, so only the detail goes, with the states.
     */
    const report = (epoch: number, batch: number, loss: number, epochCost: WriteCost, epochEnd: boolean) => {
      const done = epoch * batches + batch;
      const fraction = done / (o.epochs * batches);
      const eta = etaSeconds((performance.now() - started) / 1000, fraction);
      const running = emptyCost();
      addCost(running, total);
      addCost(running, epochCost);
      if (!epochEnd)
        events?.onProgress?.({
          stage: 'train on chip',
          fraction,
          message: `epoch ${epoch + 1}/${o.epochs} batch ${batch}/${batches} loss ${loss.toFixed(4)}, ${running.pulses.set + running.pulses.reset} pulses`,
        });
      if (!events?.onDetail) return;
      const due = epochEnd || batch === 0 || performance.now() - lastSnapshot > SNAPSHOT_SECONDS * 1000;
      const states = due ? snapshot(epoch + 1, batch) : undefined;
      events.onDetail({
        epoch: epoch + 1,
        epochs: o.epochs,
        batch,
        batches,
        // Before the first batch there is no loss yet: 0 stands for none (JSON has no NaN).
        loss: Number.isFinite(loss) ? loss : 0,
        accuracyPerEpoch: epochs.map((e) => e.accuracy),
        perEpoch: [...perEpoch],
        epochSoFar: costView(epochCost),
        pulses: { ...running.pulses },
        writeEnergy: running.energy,
        writeTime: running.time,
        etaSeconds: eta,
        ...(states ? { states } : {}),
      });
    };
    // The states as initially programmed, before the first update (the detail only: the bar says "starting").
    if (events?.onDetail) report(0, 0, 0, emptyCost(), true);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const te = performance.now();
      const cost = emptyCost();
      const tally = emptyUpdateTally();
      const extractionsBefore = trainer.tracker.extractions;
      const order = shuffledOrder(n, o.seed, epoch);
      let lossSum = 0;
      if (epoch > 0) trainer.calibrateAdc();
      for (let b = 0; b < batches; b++) {
        checkCancelled(events?.signal);
        const idx = order.subarray(b * o.batchSize, Math.min(n, (b + 1) * o.batchSize));
        const loss = await trainer.step(idx, cost, tally);
        lossSum += loss * idx.length;
        const now = performance.now();
        if (now - lastReport > 500 || b === batches - 1) {
          lastReport = now;
          report(epoch, b + 1, lossSum / Math.min(n, (b + 1) * o.batchSize), cost, false);
          await yieldToEventLoop();
        }
      }
      const refreshedPairs = trainer.refreshPairs(cost);
      const accuracy = trainer.testAccuracy();
      addCost(total, cost);
      perEpoch.push(costView(cost));
      epochs.push({
        epoch: epoch + 1,
        accuracy,
        loss: lossSum / n,
        ...writeTotals(cost),
        updates: tally,
        refreshedPairs,
        extractions: trainer.tracker.extractions - extractionsBefore,
        seconds: (performance.now() - te) / 1000,
      });
      events?.onProgress?.({
        stage: 'train on chip',
        fraction: (epoch + 1) / o.epochs,
        message: `epoch ${epoch + 1}/${o.epochs}: test ${(100 * accuracy).toFixed(2)} %, loss ${(lossSum / n).toFixed(4)}, ${cost.pulses.set} SET + ${cost.pulses.reset} RESET pulses, ${epochs[epoch]!.seconds.toFixed(1)} s`,
      });
      report(epoch, batches, lossSum / n, emptyCost(), true);
    }
    const tf0 = performance.now();
    let final = epochs[epochs.length - 1]?.accuracy ?? trainer.testAccuracy();
    if (trainer.changedSinceExtraction) {
      await trainer.extract();
      final = trainer.testAccuracy();
    }
    const notes: string[] = [];
    const digital = trainer.plan.layers.filter((l) => !l.hardware || l.hardware.mask).map((l) => l.layer);
    if (digital.length > 0)
      notes.push(
        `${digital.length === 1 ? 'layer' : 'layers'} ${digital.join(', ')} ${digital.length === 1 ? 'is' : 'are'} not wholly hosted: the weights no array holds were trained in software (SGD, full precision)`,
      );
    if (!o.circuit) notes.push('no circuit solver: the arrays were read with ideal wires');
    return {
      perEpoch: epochs.map((e) => e.accuracy),
      final,
      epochs,
      initialization: writeTotals(trainer.initialization),
      total: writeTotals(total),
      transfer: {
        refreshEvery: o.refreshTransfer,
        extractions: trainer.tracker.extractions,
        seconds: trainer.tracker.seconds,
        extractedAt: [...trainer.tracker.extractedAt],
      },
      seconds: { total: (performance.now() - t0) / 1000, setup, final: (performance.now() - tf0) / 1000 },
      levels: trainer.levels(),
      notes,
    };
  } finally {
    trainer.dispose();
  }
}

function costView(c: WriteCost): WriteCostView {
  return { pulses: { ...c.pulses }, writeEnergy: c.energy, writeTime: c.time };
}
