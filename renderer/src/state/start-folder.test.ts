import { describe, expect, it } from 'vitest';
import { folderOf, startFolder } from './start-folder.js';

describe('where a file dialog starts', () => {
  const base = { initial: 'deck.cir', designFile: null, lastFolder: null, documents: '/home/u/Documents', cwd: '/src/spinplan' };

  it("starts in the design's folder, else the last folder used, else documents, never the working folder first", () => {
    expect(startFolder({ ...base, designFile: '/home/u/chips/a.spinplan.json', lastFolder: '/tmp' })).toBe('/home/u/chips');
    expect(startFolder({ ...base, lastFolder: '/home/u/decks' })).toBe('/home/u/decks');
    expect(startFolder(base)).toBe('/home/u/Documents');
    expect(startFolder({ ...base, documents: undefined })).toBe('/src/spinplan');
    expect(startFolder({ ...base, documents: undefined, cwd: undefined })).toBe('');
  });

  it('takes the folder of a suggested name that has one', () => {
    expect(startFolder({ ...base, initial: '/home/u/chips/a.spinplan.json', lastFolder: '/tmp' })).toBe('/home/u/chips');
    expect(startFolder({ ...base, initial: 'C:\\Users\\u\\a.cir' })).toBe('C:\\Users\\u');
  });

  it('reads the folder of a path', () => {
    expect(folderOf('a.cir')).toBe('');
    expect(folderOf('/a.cir')).toBe('/');
    expect(folderOf('/x/y/a.cir')).toBe('/x/y');
  });
});
