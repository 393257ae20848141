import { describe, expect, it } from 'vitest';
import { UserError } from '../model/problems.js';
import { checkPort, listenFailure } from './listen-error.js';

const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('serve: listen failures', () => {
  it('a port in use or a privileged port is the user’s to fix, named with the fix', () => {
    // EACCES cannot be provoked here (the tests may run as root), so the mapping is checked directly.
    const inUse = listenFailure(errno('EADDRINUSE'), 8080);
    expect(inUse).toBeInstanceOf(UserError);
    expect(inUse.message).toBe('port 8080 is in use; choose another with --port or omit it to pick a free one');
    const denied = listenFailure(errno('EACCES'), 80);
    expect(denied).toBeInstanceOf(UserError);
    expect(denied.message).toMatch(/^port 80 needs privileges .* above 1023 with --port/);
  });

  it('other failures stay internal errors with their stack', () => {
    const other = errno('EMFILE');
    expect(listenFailure(other, 1)).toBe(other);
  });

  it('ports are whole numbers 0..65535', () => {
    expect(checkPort(0)).toBe(0);
    expect(checkPort(65535)).toBe(65535);
    for (const bad of [-1, 65536, 1.5, Number.NaN]) expect(() => checkPort(bad)).toThrow(UserError);
  });
});
