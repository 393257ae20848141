import { isApiMethod } from '../core/api/contract.js';
import { createServices } from '../core/serve/services.js';
import type { EngineMessage } from './engine-host.js';

/**
 * The engine: core's services in an Electron utility process. Messages in are
 * {id, method, args} (already validated by main); answers and job events go back.
 */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: EngineMessage): void;
}

export function serveEngine(port: ParentPort, cwd: string, stateDir: string | null): void {
  const services = createServices({ mode: 'electron', cwd, stateDir });
  services.jobs.onEvent((event) => port.postMessage({ type: 'event', event }));
  port.on('message', ({ data }) => {
    const { id, method, args } = data as { id: number; method: string; args: unknown[] };
    if (!isApiMethod(method)) return port.postMessage({ type: 'result', id, ok: false, error: `no such method ${method}` });
    const fn = services[method] as (...a: unknown[]) => Promise<unknown>;
    fn(...args).then(
      (value) => port.postMessage({ type: 'result', id, ok: true, value: value ?? null }),
      (e: unknown) => port.postMessage({ type: 'result', id, ok: false, error: (e as Error).message }),
    );
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) serveEngine(parentPort, process.env.SPINPLAN_CWD ?? process.cwd(), process.env.SPINPLAN_STATE ?? null);
