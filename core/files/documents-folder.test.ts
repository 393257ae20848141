import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentsFolder } from './documents-folder.js';

describe('the documents folder', () => {
  it('is XDG_DOCUMENTS_DIR when it exists, else ~/Documents, else home', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'spinplan-home-'));
    expect(documentsFolder({}, home)).toBe(home);
    await mkdir(path.join(home, 'Documents'));
    expect(documentsFolder({}, home)).toBe(path.join(home, 'Documents'));
    await mkdir(path.join(home, 'Dokumente'));
    expect(documentsFolder({ XDG_DOCUMENTS_DIR: '$HOME/Dokumente' }, home)).toBe(path.join(home, 'Dokumente'));
    // A folder that is not there, or not a full path, is passed over.
    expect(documentsFolder({ XDG_DOCUMENTS_DIR: path.join(home, 'gone') }, home)).toBe(path.join(home, 'Documents'));
    expect(documentsFolder({ XDG_DOCUMENTS_DIR: 'Dokumente' }, home)).toBe(path.join(home, 'Documents'));
  });
});
