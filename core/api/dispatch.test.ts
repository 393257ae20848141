import { describe, expect, it } from 'vitest';
import { apiClient } from './client.js';
import type { ApiService } from './contract.js';
import { dispatchApi } from './dispatch.js';

/** A service whose every method echoes its name and arguments, plus a member that is not an Api method. */
function echoService(): ApiService & { jobs: { secret: string } } {
  const service = apiClient(async (method, args) => ({ method, args })) as ApiService & { jobs: { secret: string } };
  service.jobs = { secret: 'not callable from outside' };
  return service;
}

describe('dispatching a call that arrived from outside', () => {
  it('calls the named method with the validated arguments', async () => {
    await expect(dispatchApi(echoService(), 'openDesign', ['/tmp/a.spinplan.json'])).resolves.toEqual({
      ok: true,
      value: { method: 'openDesign', args: ['/tmp/a.spinplan.json'] },
    });
  });

  it('refuses names that are not Api methods, including the service’s other members and inherited ones', async () => {
    for (const name of ['jobs', 'close', 'onEvent', 'constructor', '__proto__', 'toString', 'hasOwnProperty', ''])
      await expect(dispatchApi(echoService(), name, [])).resolves.toEqual({
        ok: false,
        refused: 'unknown-method',
        error: `no such Api method: ${name}`,
      });
  });

  it('refuses arguments that do not match the schema, naming the field', async () => {
    const answer = await dispatchApi(echoService(), 'openDesign', [42]);
    expect(answer).toMatchObject({
      ok: false,
      refused: 'bad-arguments',
      error: expect.stringMatching(/^bad arguments for openDesign: 0: /),
    });
    await expect(dispatchApi(echoService(), 'info', 'not a list')).resolves.toMatchObject({ refused: 'bad-arguments' });
  });

  it('answers null for a method that returns nothing, and the message of one that throws', async () => {
    const service = echoService();
    service.cancelJob = async () => undefined;
    service.recentFiles = async () => {
      throw new Error('the state folder is gone');
    };
    await expect(dispatchApi(service, 'cancelJob', ['job_1'])).resolves.toEqual({ ok: true, value: null });
    await expect(dispatchApi(service, 'recentFiles', [])).resolves.toEqual({ ok: false, error: 'the state folder is gone' });
  });
});
