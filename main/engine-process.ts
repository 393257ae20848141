import { dispatchApi } from '../core/api/dispatch.js';
import { createServices } from '../core/serve/services.js';
import type { EngineMessage } from './engine-host.js';

/**
 * The engine: core's services in an Electron utility process. Messages in are
 * {id, method, args} (already validated by main; dispatchApi checks the name and the
 * arguments again, as the server does); answers and job events go back.
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
    void dispatchApi(services, String(method), args).then((answer) =>
      port.postMessage(
        answer.ok
          ? { type: 'result', id, ok: true, value: answer.value }
          : { type: 'result', id, ok: false, error: answer.error },
      ),
    );
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) serveEngine(parentPort, process.env.SPINPLAN_CWD ?? process.cwd(), process.env.SPINPLAN_STATE ?? null);
