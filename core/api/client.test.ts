import { describe, expect, it } from 'vitest';
import { apiClient } from './client.js';
import { API_ARGS, API_METHODS } from './contract.js';

describe('the Api client built from the method list', () => {
  it('has exactly the listed methods, the same as the argument schemas', () => {
    const client = apiClient(async () => null);
    expect(Object.keys(client).sort()).toEqual([...API_METHODS].sort());
    expect(Object.keys(API_ARGS).sort()).toEqual([...API_METHODS].sort());
  });

  it('sends each call as its method name and argument list', async () => {
    const calls: unknown[] = [];
    const client = apiClient(async (method, args) => {
      calls.push([method, args]);
      return `answer of ${method}`;
    });
    await expect(client.openDesign('/tmp/a.spinplan.json')).resolves.toBe('answer of openDesign');
    await client.cancelJob('job_1');
    await client.info();
    expect(calls).toEqual([
      ['openDesign', ['/tmp/a.spinplan.json']],
      ['cancelJob', ['job_1']],
      ['info', []],
    ]);
  });
});
