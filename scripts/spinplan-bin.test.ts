import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/spinplan.mjs', import.meta.url));

describe('bin/spinplan', () => {
  it('stops quietly when its reader closes the pipe early (spinplan devices | head -1)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" devices | head -1`], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  }, 150_000);
});
