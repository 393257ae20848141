import { describe, expect, it, vi } from 'vitest';
import { accelerator, ACTION_IDS, MENU_ACTIONS, type MenuActionInfo } from '../../../core/api/menu-actions.js';

// The actions' behaviour lives in Svelte state (runes need the Svelte compiler); only their
// metadata and key tests are checked here, so what they run is stubbed.
vi.mock('../state/commands.js', () => ({}));
vi.mock('../state/layout-layer.svelte.js', () => ({ layoutLayerDialog: { open: false } }));
const { ACTIONS } = await import('../state/actions.js');

/** The key event a shortcut as people read it stands for (the first alternative; Ctrl as Ctrl). */
function eventFor(keys: string): KeyboardEvent {
  const first = keys.split(' / ')[0]!;
  const parts = first === '+' ? ['+'] : first.split('+');
  const name = parts.pop()!;
  const key = { Esc: 'Escape', '−': '-' }[name] ?? (name.length === 1 ? name.toLowerCase() : name);
  return {
    key: parts.includes('Shift') && key.length === 1 ? key.toUpperCase() : key,
    ctrlKey: parts.includes('Ctrl'),
    metaKey: false,
    shiftKey: parts.includes('Shift') || key === '?',
    altKey: parts.includes('Alt'),
    target: null,
  } as unknown as KeyboardEvent;
}

describe('the renderer actions and the menu metadata', () => {
  it('has one action per metadata entry, in the metadata order, with its label, menu, keys and separator', () => {
    expect(ACTIONS.map((a) => a.id)).toEqual(ACTION_IDS);
    for (const a of ACTIONS) {
      const info: MenuActionInfo = MENU_ACTIONS[a.id];
      expect({ label: a.label, menu: a.menu, keys: a.keys, separator: a.separator }, a.id).toEqual({
        label: info.label,
        menu: info.menu,
        keys: info.keys,
        separator: info.separator,
      });
    }
  });

  it('runs each action from the shortcut it shows: the first action whose key test matches is that action', () => {
    for (const a of ACTIONS.filter((x) => x.keys && accelerator(x.keys))) {
      const e = eventFor(a.keys!);
      expect(ACTIONS.find((x) => x.test?.(e))?.id, `${a.id} (${a.keys})`).toBe(a.id);
    }
  });

  it('fits the die on F, as the native menu now shows too', () => {
    expect(MENU_ACTIONS['view.fit'].keys).toBe('F');
    expect(ACTIONS.find((x) => x.test?.(eventFor('F')))?.id).toBe('view.fit');
  });
});
