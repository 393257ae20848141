import { parentPort, workerData } from 'node:worker_threads';
import type { JobRequest, JobResult } from '../api/contract.js';
import { evaluate, simulate, study } from './engines.js';

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

async function run(): Promise<JobResult> {
  if (request.kind === 'simulate') {
    port.postMessage({ type: 'progress', fraction: 0, message: 'solving' });
    return { kind: 'simulate', result: await simulate(request.design, request.arrayId) };
  }
  const hooks = {
    signal: controller.signal,
    onProgress: (fraction: number, message: string) => port.postMessage({ type: 'progress', fraction, message }),
  };
  if (request.kind === 'study') return { kind: 'study', result: await study(request.options, hooks) };
  return {
    kind: 'evaluate',
    result: await evaluate(request.design, request.options, {
      signal: controller.signal,
      onProgress: (fraction, message) => port.postMessage({ type: 'progress', fraction, message }),
    }),
  };
}

run().then(
  (result) => port.postMessage({ type: 'done', result }),
  (e: unknown) => port.postMessage({ type: 'failed', message: (e as Error).message ?? String(e) }),
);
