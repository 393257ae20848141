import { describe, expect, it } from 'vitest';
import { accelerator, acceleratorTakesKeys, ACTION_IDS, MENU_ACTIONS, MENU_GROUPS, menuAction } from './menu-actions.js';

describe('menu metadata', () => {
  it('names Electron accelerators from the shortcuts people read', () => {
    expect(accelerator('Ctrl+Shift+S')).toBe('CmdOrCtrl+Shift+S');
    expect(accelerator('Ctrl+Shift+Z / Ctrl+Y')).toBe('CmdOrCtrl+Shift+Z');
    expect(accelerator('F')).toBe('F');
    expect(accelerator('+')).toBe('Plus');
    expect(accelerator('−')).toBe('-');
    expect(accelerator('Esc')).toBe('Escape');
    expect(accelerator('F5')).toBe('F5');
    expect(accelerator('← ↑ → ↓')).toBeUndefined();
    expect(accelerator('←')).toBeUndefined();
    expect(accelerator('Alt+Shift+H')).toBe('Alt+Shift+H');
    expect(accelerator(undefined)).toBeUndefined();
  });

  it('lets a native menu take only shortcuts that cannot be typing', () => {
    for (const a of ['CmdOrCtrl+S', 'CmdOrCtrl+Shift+Z', 'Alt+X', 'F5', 'F12']) expect(acceleratorTakesKeys(a), a).toBe(true);
    for (const a of ['F', 'G', '1', 'Delete', 'Plus', '-', '?', 'Escape', 'Shift+A'])
      expect(acceleratorTakesKeys(a), a).toBe(false);
  });

  it("names each arrow key's nudge for its own direction", () => {
    const nudges = ACTION_IDS.filter((id) => id.startsWith('edit.nudge')).map((id) => [
      menuAction(id).label,
      menuAction(id).keys,
    ]);
    expect(nudges).toEqual([
      ['Nudge left (Shift: ×10)', '←'],
      ['Nudge right (Shift: ×10)', '→'],
      ['Nudge up (Shift: ×10)', '↑'],
      ['Nudge down (Shift: ×10)', '↓'],
    ]);
  });

  it('puts every action in a known menu, with unique labels', () => {
    const labels = ACTION_IDS.map((id) => MENU_ACTIONS[id].label).filter((l) => l !== '');
    expect(new Set(labels).size).toBe(labels.length);
    for (const id of ACTION_IDS) expect(MENU_GROUPS).toContain(MENU_ACTIONS[id].menu);
  });
});
