import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilePolicy } from './file-policy.js';

describe('file policy: what the UI may read and write', async () => {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'spinplan-policy-')));
  const root = path.join(base, 'work');
  const outside = path.join(base, 'outside');
  await mkdir(path.join(root, '.hidden'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'chip.spinplan.json'), '{}');
  await writeFile(path.join(root, '.hidden', 'secret.json'), '{}');
  await writeFile(path.join(outside, 'other.json'), '{}');
  await symlink(outside, path.join(root, 'link-out'));
  const policy = new FilePolicy([root]);

  it('reads and writes files under a root', async () => {
    expect(await policy.readable(path.join(root, 'chip.spinplan.json'))).toBe(path.join(root, 'chip.spinplan.json'));
    expect(await policy.writable(path.join(root, 'new.spinplan.json'), 'design')).toBe(path.join(root, 'new.spinplan.json'));
    expect(await policy.writable(path.join(root, 'deck.cir'), 'spice')).toBe(path.join(root, 'deck.cir'));
    expect(await policy.listable(root)).toBe(root);
  });

  it('refuses paths outside every root, also through a symbolic link', async () => {
    await expect(policy.readable(path.join(outside, 'other.json'))).rejects.toThrow(/outside the folders Spinplan may use/);
    await expect(policy.readable(path.join(root, 'link-out', 'other.json'))).rejects.toThrow(/outside/);
    await expect(policy.writable(path.join(root, 'link-out', 'x.json'), 'design')).rejects.toThrow(/outside/);
    await expect(policy.writable('/etc/x.json', 'design')).rejects.toThrow(/outside/);
    await expect(policy.listable('/')).rejects.toThrow(/outside/);
    await expect(policy.writable(path.join(root, '..', 'outside', 'y.json'), 'design')).rejects.toThrow(/outside/);
  });

  it('refuses hidden files and folders below a root', async () => {
    await expect(policy.readable(path.join(root, '.hidden', 'secret.json'))).rejects.toThrow(/hidden/);
    await expect(policy.writable(path.join(root, '.bashrc.json'), 'design')).rejects.toThrow(/hidden/);
    await expect(policy.writable(path.join(root, '.hidden', 'x.cir'), 'spice')).rejects.toThrow(/hidden/);
  });

  it("writes only its kind's extensions", async () => {
    await expect(policy.writable(path.join(root, 'run.sh'), 'design')).rejects.toThrow(/must end in \.json/);
    await expect(policy.writable(path.join(root, 'x.json'), 'spice')).rejects.toThrow(/must end in \.cir/);
    await expect(policy.writable(path.join(root, 'x.js'), 'report')).rejects.toThrow(/must end in \.json or \.html/);
  });

  it('reads regular files only: no devices, pipes or folders', async () => {
    const fifo = path.join(root, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await expect(policy.readable(fifo)).rejects.toThrow(/not a regular file/);
    await expect(policy.readable(root)).rejects.toThrow(/is a folder/);
    await expect(new FilePolicy(['/dev']).readable('/dev/zero')).rejects.toThrow(/not a regular file/);
    await expect(policy.writable(fifo, 'design')).rejects.toThrow(/not a regular file/);
  });

  it('says when a file or folder does not exist', async () => {
    await expect(policy.readable(path.join(root, 'nope.json'))).rejects.toThrow(/does not exist/);
    await expect(policy.writable(path.join(root, 'no-dir', 'x.json'), 'design')).rejects.toThrow(/folder .* does not exist/);
  });
});
