import { deviceModel } from '../../devices/device-model-of.js';
import { Random } from '../../math/random.js';
import type { MappingPlan } from '../mapping.js';

/**
 * The program stage: the conductances each array holds. A state is the ideal levels (the
 * targets) or one Monte Carlo draw of programming with device-to-device and
 * cycle-to-cycle variation; it can be changed cell by cell afterwards (on-chip training
 * programs pulses into it), and its version says that it changed, so chips built from it
 * are built again.
 */
export class ProgrammedState {
  private versionNumber = 0;

  constructor(
    /** What this state is, for messages: 'targets' or 'draw N'. */
    readonly label: string,
    private readonly arrays: Map<string, Float64Array>,
    /**
     * The chip these conductances are on, the seed of its devices' other draws (the
     * neurons' own variation, core/nn/neurons); null for the targets (nominal devices).
     */
    readonly chip: number | null = null,
  ) {}

  /** The targets, or draw `draw` of a chip programmed with the device's variation. */
  static of(plan: MappingPlan, draw: number | null, seed: number): ProgrammedState {
    return new ProgrammedState(
      draw === null ? 'targets' : `draw ${draw}`,
      programArrays(plan, draw, seed),
      draw === null ? null : chipSeed(seed, draw),
    );
  }

  /** Increases whenever a conductance changes. */
  get version(): number {
    return this.versionNumber;
  }

  /** An array's conductances, rows x physical columns row-major (read only: change them with update). */
  conductances(arrayId: string): Float64Array {
    const g = this.arrays.get(arrayId);
    if (!g) throw new Error(`no conductances for ${arrayId}`);
    return g;
  }

  /** Changes an array's conductances in place (one programming pulse or a whole rewrite). */
  update(arrayId: string, change: (g: Float64Array) => void): void {
    change(this.conductances(arrayId));
    this.versionNumber++;
  }

  /** Every array's conductances. */
  entries(): IterableIterator<[string, Float64Array]> {
    return this.arrays.entries();
  }
}

/** Conductances per array: the ideal levels, or one Monte Carlo draw of programming with D2D and CTC variation. */
export function programArrays(plan: MappingPlan, draw: number | null, seed: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const layer of plan.layers) {
    if (!layer.hardware) continue;
    const model = deviceModel(layer.hardware.device);
    for (const ap of layer.hardware.arrays) {
      if (draw === null) {
        out.set(
          ap.array.id,
          Float64Array.from(ap.targets, (t) => layer.hardware!.levels[t]!),
        );
      } else {
        // A draw is one chip: its own device-to-device offsets and its own programming.
        const chip = chipSeed(seed, draw);
        out.set(
          ap.array.id,
          model.program(ap.targets, Random.derive(chip, `d2d:${ap.array.id}`), Random.derive(chip, `ctc:${ap.array.id}`)),
        );
      }
    }
  }
  return out;
}

/** The seed of Monte Carlo draw `draw`: one chip, whose every device draws from streams derived from it. */
export function chipSeed(seed: number, draw: number): number {
  return seed * 1000 + draw;
}
