import { parentPort } from 'node:worker_threads';
import { SchurWorkspace, SingularFrontError, subtreeUpdate, type FrontUpdate } from '../solver/schur.js';
import { workOnFront, type SharedFront } from '../solver/shared-front.js';
import { updateBuffers, type FromWorker, type ToWorker } from './transfer-messages.js';

/**
 * One worker of the transfer pool: it keeps the problems it was loaded with (matrix,
 * couplings and tree, shared with the pool) and eliminates the tasks it is sent, each
 * over the children's updates it is given, sending the task's update back. A big single
 * front it offers for help (its fronts live in shared memory); sent another worker's
 * front, it takes rows of it until none are left (shared-front.ts).
 */
const port = parentPort!;
const loaded = new Map<number, Extract<ToWorker, { type: 'load' }>>();
/** One workspace for every problem (a task runs at a time), made again only for a bigger one. */
let workspace: SchurWorkspace | null = null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'load') {
    loaded.set(m.job, m);
    const variables = m.matrix.n + m.couplings.ports;
    if (
      !workspace ||
      workspace.mark.length < variables ||
      workspace.front.length < m.sizes.frontValues ||
      workspace.stackValues.length < m.sizes.peakStack
    )
      workspace = new SchurWorkspace(variables, m.sizes, true);
    return;
  }
  if (m.type === 'help') {
    port.postMessage({ type: 'helped', chunks: workOnFront(m.front, false) } satisfies FromWorker);
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
    const offer = m.split ? (front: SharedFront) => port.postMessage({ type: 'help', front } satisfies FromWorker) : undefined;
    update = subtreeUpdate(problem.matrix, problem.couplings, problem.tree, m.root, given, workspace!, offer);
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
