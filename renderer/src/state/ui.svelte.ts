import {
  DEFAULT_READ_PULSE,
  EPOCHS_RANGE,
  IN_THE_LOOP_MODES,
  type EngineInfo,
  type InTheLoopMode,
  type RecoveryInfo,
} from '../../../core/api/contract.js';
import type { MenuGroup } from '../../../core/api/menu-actions.js';
import type { Problem } from '../../../core/model/problems.js';
import { DEFAULT_LAYER_WIDTHS } from '../../../core/model/layer-widths.js';
import type { AccuracyOptions, StudyOptions } from './runs.js';
import type { InputSpec } from './simulation-inputs.js';
import type { DatasetFolderKey } from './dataset-folders.js';
import { defaultTrainingForm } from './training-form.js';
import { defaultSweepForm } from './sweep-form.js';

export type ToastTone = 'info' | 'error' | 'ok';
export interface Toast {
  id: number;
  kind: ToastTone;
  text: string;
}
export interface FileDialogRequest {
  /** folder: the answer is the folder listed (the files of `extensions` are shown for reference). */
  mode: 'open' | 'save' | 'folder';
  title: string;
  /** The endings of the files listed; the first is the one a saved name without an extension gets. */
  extensions: readonly [string, ...string[]];
  initial: string;
  resolve: (file: string | null) => void;
}
export interface ErrorReport {
  title: string;
  message: string;
  problems: Problem[];
}
export type RunTab = 'simulate' | 'accuracy' | 'train' | 'sweep' | 'studies' | 'problems';

/** What the user decides about unsaved changes before they would be lost. */
export type UnsavedChoice = 'save' | 'discard' | 'cancel';
export interface UnsavedPrompt {
  /** What is about to happen, for the question: "opening another design", "starting a new design". */
  action: string;
  resolve: (choice: UnsavedChoice) => void;
}

/** How long a toast stays, ms: errors longer, as they need reading. */
export const TOAST_MS: Record<ToastTone, number> = { info: 3000, ok: 3000, error: 8000 };
/** Toasts shown at once; older ones make room. */
const MAX_TOASTS = 4;

/**
 * What the Run panel's tabs were last set to, kept while tabs come and go. Accuracy runs
 * and studies share the dataset, draws, seed and epochs: the same epochs reuse the same
 * cached network.
 */
export function defaultRunOptions() {
  return {
    dataset: 'mnist' as AccuracyOptions['dataset'],
    testImages: 1000,
    monteCarlo: 3,
    seed: 1,
    /** The network's layer widths as typed, input first: shared with Lay out network layer, so a layout and its evaluation agree. */
    layers: DEFAULT_LAYER_WIDTHS.join(','),
    epochs: EPOCHS_RANGE.default as number,
    /** A weights file the user brought (no training), or null to train. */
    weightsFile: null as string | null,
    /**
     * The Accuracy tab's set read from the user's folder (dataset-folders.ts): chosen in place
     * of `dataset`, which studies and sweeps share and cannot read it, and each set's folder.
     */
    folderSet: null as DatasetFolderKey | null,
    cifarDir: null as string | null,
    idxDir: null as string | null,
    /** An ONNX model's input normalization as typed, one value per channel or one for all (empty: mean 0, std 1). */
    inputMean: '',
    inputStd: '',
    /** "Train in the loop": the chip in the forward pass (circuit: ideal devices; chip: one instance) and the epochs. */
    loopMode: IN_THE_LOOP_MODES[0] as InTheLoopMode,
    loopEpochs: 2,
    /** Train in the loop on the first K training images (null: all). */
    loopTrainImages: null as number | null,
    studyName: 'tmr-levels' as StudyOptions['name'],
    studyImages: 500,
    studyHardware: false,
    /** The read pulse energies are quoted at, ns (simulation and accuracy alike; the read power does not depend on it). */
    readPulseNs: DEFAULT_READ_PULSE * 1e9,
    /** The Simulation tab's row voltages (simulation-inputs.ts) and whether it reads the devices nonlinearly. */
    simInputs: { mode: 'all', seed: 1, text: '' } as InputSpec,
    simNonlinear: false,
    /** The Train on chip tab's form (training-form.ts); the network is `layers` above. */
    training: defaultTrainingForm(),
    /** The Sweep tab's form (sweep-form.ts); dataset, seed, epochs and network are the ones above. */
    sweep: defaultSweepForm(),
  };
}
export type RunOptions = ReturnType<typeof defaultRunOptions>;

export const EPOCHS_TITLE = `Training epochs of the full-precision network (${EPOCHS_RANGE.default} reach the published accuracy). Trained once per dataset and epochs, then cached.`;

/**
 * The user interface around the document: dialogs, toasts, tabs, the help overlay, recent
 * files, the recovery offer, the engine's description and the run panel's options.
 */
export class UiStore {
  toasts = $state.raw<Toast[]>([]);
  fileDialog = $state.raw<FileDialogRequest | null>(null);
  /** The folder the user last picked a file in (a file dialog starts there when the design has no folder). */
  lastFolder = $state<string | null>(null);
  errorDialog = $state.raw<ErrorReport | null>(null);
  helpOpen = $state(false);
  layoutLayerOpen = $state(false);
  /** The menu bar's open menu (Esc and a click elsewhere close it). */
  menuOpen = $state<MenuGroup | null>(null);
  /** The Save / Discard / Cancel question about unsaved changes, while it is asked. */
  unsavedPrompt = $state.raw<UnsavedPrompt | null>(null);
  runTab = $state<RunTab>('simulate');
  recent = $state.raw<string[]>([]);
  /** A recovery file offered at start, until the user recovers or discards it. */
  recoveryOffer = $state.raw<RecoveryInfo | null>(null);
  /** The engine this window talks to (mode, working folder), once it answered. */
  engine = $state.raw<EngineInfo | null>(null);
  readonly runOptions = $state(defaultRunOptions());
  private toastId = 0;

  toast(kind: ToastTone, text: string): void {
    const id = ++this.toastId;
    this.toasts = [...this.toasts, { id, kind, text }].slice(-MAX_TOASTS);
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), TOAST_MS[kind]);
  }

  showError(report: ErrorReport): void {
    this.errorDialog = report;
  }

  /** Asks for a file (or a folder) in the in-app dialog; null if the user cancels. */
  pickFile(
    mode: FileDialogRequest['mode'],
    title: string,
    extension: string | FileDialogRequest['extensions'],
    initial = '',
  ): Promise<string | null> {
    return new Promise((resolve) => {
      this.fileDialog = {
        mode,
        title,
        extensions: typeof extension === 'string' ? [extension] : extension,
        initial,
        resolve: (f) => {
          this.fileDialog = null;
          resolve(f);
        },
      };
    });
  }

  /** Asks in the app whether to save, discard or keep unsaved changes before `action` (never the browser's confirm). */
  askUnsaved(action: string): Promise<UnsavedChoice> {
    this.unsavedPrompt?.resolve('cancel');
    return new Promise((resolve) => {
      this.unsavedPrompt = {
        action,
        resolve: (choice) => {
          this.unsavedPrompt = null;
          resolve(choice);
        },
      };
    });
  }

  /** A dialog holds the keyboard: the editor's shortcuts wait. */
  get modal(): boolean {
    return !!(this.fileDialog || this.errorDialog || this.recoveryOffer || this.layoutLayerOpen || this.unsavedPrompt);
  }

  /** Something covers the editor (a dialog, the shortcuts overlay): it takes neither focus nor clicks then. */
  get covered(): boolean {
    return this.modal || this.helpOpen;
  }
}
