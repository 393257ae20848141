import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './main.js';

describe('the command table', () => {
  it('lists each command under the name and summary the command itself has', { timeout: 120_000 }, async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    }
  });

  it('has an entry for every command module', () => {
    const modules = readdirSync(new URL('./commands/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(modules);
  });
});
