import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, UiStore } from './ui.svelte.js';

afterEach(() => vi.useRealTimers());

describe('the UI store', () => {
  it('shows the four newest toasts, each for its time (errors longer)', () => {
    vi.useFakeTimers();
    const ui = new UiStore();
    for (const n of [1, 2, 3, 4, 5]) ui.toast('info', `t${n}`);
    ui.toast('error', 'bad');
    expect(ui.toasts.map((t) => t.text)).toEqual(['t3', 't4', 't5', 'bad']);
    vi.advanceTimersByTime(TOAST_MS.info);
    expect(ui.toasts.map((t) => t.text)).toEqual(['bad']);
    vi.advanceTimersByTime(TOAST_MS.error - TOAST_MS.info);
    expect(ui.toasts).toEqual([]);
  });

  it('asks for a file in its dialog and closes it with the answer', async () => {
    const ui = new UiStore();
    const picked = ui.pickFile('save', 'Save design as', '.spinplan.json', 'chip.spinplan.json');
    expect(ui.fileDialog).toMatchObject({ mode: 'save', extensions: ['.spinplan.json'], initial: 'chip.spinplan.json' });
    expect(ui.modal).toBe(true);
    ui.fileDialog!.resolve('/home/u/chip.spinplan.json');
    expect(await picked).toBe('/home/u/chip.spinplan.json');
    expect([ui.fileDialog, ui.modal]).toEqual([null, false]);
  });

  it('holds the keyboard while any dialog is open', () => {
    const ui = new UiStore();
    expect(ui.modal).toBe(false);
    ui.layoutLayerOpen = true;
    expect(ui.modal).toBe(true);
    ui.layoutLayerOpen = false;
    ui.showError({ title: 'Cannot open', message: 'no such file', problems: [] });
    expect(ui.modal).toBe(true);
  });
});
