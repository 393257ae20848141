import { parentPort, workerData } from 'node:worker_threads';
import type { JobDetail, JobRequest, JobResult, JobTime } from '../api/contract.js';
import { evaluate, simulate, study, trainOnChip } from './engines.js';
import { sweepJob } from './sweep-job.js';

/**
 * One long job in a worker thread, so the server (and the UI behind it) stays
 * responsive. Messages out: progress, done, failed. Message in: cancel.
 */
const port = parentPort!;
const request = (workerData as { request: JobRequest }).request;
const controller = new AbortController();
port.on('message', (m: { type?: string }) => {
  if (m?.type === 'cancel') controller.abort();
});

type Hooks = {
  signal: AbortSignal;
  onProgress: (fraction: number, message: string, time?: JobTime) => void;
  /** Structured progress a UI can plot (train-on-chip: TrainOnChipProgress), posted with the progress message. */
  onDetail: (fraction: number, message: string, detail: JobDetail, time?: JobTime) => void;
};
type Runner<K extends JobRequest['kind']> = (
  request: Extract<JobRequest, { kind: K }>,
  hooks: Hooks,
) => Promise<Extract<JobResult, { kind: K }>>;

/** One runner per kind of job: a new kind of request does not compile until it has one. */
const RUNNERS: { [K in JobRequest['kind']]: Runner<K> } = {
  simulate: async (r, hooks) => {
    hooks.onProgress(0, r.nonlinear ? 'solving (nonlinear)' : 'solving');
    const options = { ...(r.inputs ? { inputs: r.inputs } : {}), ...(r.nonlinear ? { nonlinear: true } : {}) };
    return { kind: 'simulate', result: await simulate(r.design, r.arrayId, options) };
  },
  evaluate: async (r, hooks) => ({ kind: 'evaluate', result: await evaluate(r.design, r.options, hooks) }),
  study: async (r, hooks) => ({ kind: 'study', result: await study(r.options, hooks) }),
  'train-on-chip': async (r, hooks) => ({ kind: 'train-on-chip', result: await trainOnChip(r.design, r.options, hooks) }),
  sweep: async (r, hooks) => ({ kind: 'sweep', result: await sweepJob(r.design, r.options, hooks) }),
};

function run(): Promise<JobResult> {
  const hooks: Hooks = {
    signal: controller.signal,
    onProgress: (fraction, message, time) => port.postMessage({ type: 'progress', fraction, message, ...time }),
    onDetail: (fraction, message, detail, time) => port.postMessage({ type: 'progress', fraction, message, detail, ...time }),
  };
  return (RUNNERS[request.kind] as Runner<JobRequest['kind']>)(request, hooks);
}

run().then(
  (result) => port.postMessage({ type: 'done', result }),
  (e: unknown) => port.postMessage({ type: 'failed', message: (e as Error).message ?? String(e) }),
);
