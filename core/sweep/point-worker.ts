import type { SweepSpec } from '../api/sweep-table.js';
import { JobCancelled } from '../jobs/job.js';
import type { Design } from '../model/design.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import { evaluatePoint, specDesign } from './evaluate-point.js';
import type { ToWorker, FromWorker } from './pool-messages.js';

/**
 * A sweep worker: a child process (forked by pool.ts) that evaluates the points it is
 * sent, one at a time, with the sweep's spec it got first. It loads TensorFlow.js and the
 * dataset once and keeps them for every point. It ends when its parent does (the IPC
 * channel closes), so a killed sweep leaves no workers behind.
 */
let spec: SweepSpec | null = null;
let base: Design | null = null;
let budget: MemoryBudget | undefined;
let current: AbortController | null = null;

// A parent that has gone (a cancelled sweep) gets nothing: the 'disconnect' handler ends this process.
const send = (m: FromWorker) => {
  if (process.connected) process.send?.(m, undefined, {}, () => undefined);
};

process.on('disconnect', () => process.exit(0));
process.on('message', (raw: ToWorker) => {
  switch (raw.type) {
    case 'spec':
      spec = raw.spec;
      base = specDesign(raw.spec);
      budget = raw.budget;
      return;
    case 'cancel':
      current?.abort();
      return;
    case 'point':
      void runPoint(raw.index);
      return;
  }
});

async function runPoint(index: number): Promise<void> {
  if (!spec || !base) {
    send({ type: 'fatal', message: 'a point came before the spec' });
    return;
  }
  current = new AbortController();
  try {
    const record = await evaluatePoint(
      spec,
      base,
      index,
      {
        signal: current.signal,
        onProgress: (p) => send({ type: 'progress', index, fraction: p.fraction, message: p.message }),
      },
      budget,
    );
    send({ type: 'done', record });
  } catch (e) {
    if (e instanceof JobCancelled) send({ type: 'cancelled', index });
    else send({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  } finally {
    current = null;
  }
}

send({ type: 'ready' });
