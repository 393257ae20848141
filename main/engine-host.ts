import type { ApiMethod, JobEvent } from '../core/api/contract.js';
import type { UtilityProcessLike } from './electron-types.js';
import type { EngineCaller } from './ipc.js';

export type EngineMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'event'; event: JobEvent };

/**
 * core runs in an Electron utility process so the window never freezes. This host
 * correlates calls with answers, forwards job events, and restarts the process if it
 * dies: pending calls fail with a clear message, the UI is told (and keeps its design).
 */
export class EngineHost implements EngineCaller {
  private proc: UtilityProcessLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private stopping = false;
  restarts = 0;

  constructor(
    private readonly fork: () => UtilityProcessLike,
    private readonly onEvent: (e: JobEvent) => void,
    private readonly maxRestarts = 5,
  ) {}

  /** The engine process's id while it runs (its autosaves are named by it). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  start(): void {
    const proc = this.fork();
    this.proc = proc;
    proc.on('message', (m) => this.onMessage(m as EngineMessage));
    proc.on('exit', (code) => {
      if (this.proc !== proc) return;
      this.proc = null;
      for (const p of this.pending.values())
        p.reject(new Error(`the engine process stopped (exit code ${code}) while working on this request`));
      this.pending.clear();
      if (this.stopping) return;
      if (this.restarts >= this.maxRestarts) {
        this.onEvent({
          type: 'engine-restarted',
          message: `The engine stopped ${this.restarts + 1} times and was not restarted again`,
        });
        return;
      }
      this.restarts++;
      this.start();
      this.onEvent({ type: 'engine-restarted', message: `The engine process stopped (exit code ${code}) and was restarted` });
    });
  }

  private onMessage(m: EngineMessage): void {
    if (m.type === 'event') return this.onEvent(m.event);
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  }

  call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    if (!this.proc) return Promise.reject(new Error('the engine process is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc!.postMessage({ id, method, args });
    });
  }

  stop(): void {
    this.stopping = true;
    this.proc?.kill();
  }
}
