import { parseApiArgs, type ApiService } from './contract.js';
import { isApiMethod } from './methods.js';

/** A call's outcome, ready to send back: the value (undefined sent as null), or why it failed or was refused. */
export type ApiAnswer = { ok: true; value: unknown } | { ok: false; error: string; refused?: 'unknown-method' | 'bad-arguments' };

/**
 * The engine side of a call that arrived from outside (the server's HTTP Api, the
 * Electron engine process): the method must be one of the Api's (never another property
 * of the service, such as its job manager), its arguments must match the method's schema,
 * and only then is the service called. Like VS Code's ProxyChannel.fromService, by name;
 * unlike it, by the one list and with the schemas.
 */
export async function dispatchApi(service: ApiService, method: string, args: unknown): Promise<ApiAnswer> {
  if (!isApiMethod(method)) return { ok: false, refused: 'unknown-method', error: `no such Api method: ${method}` };
  const parsed = parseApiArgs(method, args);
  if (!parsed.ok) return { ok: false, refused: 'bad-arguments', error: parsed.error };
  try {
    const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: (await fn.apply(service, parsed.args)) ?? null };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
