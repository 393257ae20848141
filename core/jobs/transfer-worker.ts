import { parentPort } from 'node:worker_threads';
import { SchurWorkspace, SingularFrontError, subtreeUpdate, type FrontUpdate } from '../solver/schur.js';
import { updateBuffers, type FromWorker, type ToWorker } from './transfer-messages.js';

/**
 * One worker of the transfer pool: it keeps the problems it was loaded with (matrix,
 * couplings and tree, shared with the pool) and eliminates the tasks it is sent, each
 * over the children's updates it is given, sending the task's update back.
 */
const port = parentPort!;
const loaded = new Map<number, Extract<ToWorker, { type: 'load' }> & { workspace: SchurWorkspace }>();

port.on('message', (m: ToWorker) => {
  if (m.type === 'load') {
    loaded.set(m.job, { ...m, workspace: new SchurWorkspace(m.matrix.n + m.couplings.ports) });
    return;
  }
  if (m.type === 'release') {
    loaded.delete(m.job);
    return;
  }
  const problem = loaded.get(m.job)!;
  let reply: FromWorker;
  let update: FrontUpdate | null = null;
  try {
    const given = new Map(m.given.map((g) => [g.node, g.update]));
    update = subtreeUpdate(problem.matrix, problem.couplings, problem.tree, m.root, given, problem.workspace);
    reply = { type: 'done', job: m.job, task: m.task, update };
  } catch (e) {
    reply = {
      type: 'failed',
      job: m.job,
      task: m.task,
      message: e instanceof Error ? e.message : String(e),
      unknown: e instanceof SingularFrontError ? e.unknown : null,
    };
  }
  port.postMessage(reply, update ? updateBuffers([update]) : []);
});
