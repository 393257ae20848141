import { describe, expect, it } from 'vitest';
import { documentsFolder } from '../files/documents-folder.js';
import { createServices } from './services.js';

/** Where file dialogs start without a design file (issue 13, item 5): the engine says, and it is not its working folder. */
describe("the engine's documents folder", () => {
  it("is the user's documents folder in browser mode, the working folder (Documents) in Electron, or what it is given", async () => {
    const browser = createServices({ mode: 'browser', cwd: '/src/checkout', stateDir: null });
    expect((await browser.info()).documents).toBe(documentsFolder());
    expect((await browser.info()).documents).not.toBe('/src/checkout');
    const electron = createServices({ mode: 'electron', cwd: '/home/u/Documents', stateDir: null });
    expect((await electron.info()).documents).toBe('/home/u/Documents');
    const given = createServices({ mode: 'browser', cwd: '/src/checkout', stateDir: null, documents: '/data/chips' });
    expect((await given.info()).documents).toBe('/data/chips');
    for (const s of [browser, electron, given]) await s.close();
  });
});
