import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../core/api/contract.js';
import { accelerator, ACTION_IDS, MENU_ACTIONS, type ActionId, type MenuActionInfo } from '../core/api/menu-actions.js';
import { startApp } from './app.js';
import type { ElectronLike, IpcMainInvokeEvent, MenuItemTemplate, UtilityProcessLike } from './electron-types.js';
import { EngineHost } from './engine-host.js';
import { apiChannel } from './channels.js';
import { registerApi } from './ipc.js';
import { menuTemplate, SHELL_ITEMS } from './menu.js';
import { isAppUrl } from './security.js';

function fakeIpc() {
  const handlers = new Map<string, (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown>();
  return {
    handlers,
    handle: (c: string, l: (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown) => void handlers.set(c, l),
    on: vi.fn(),
    removeHandler: (c: string) => void handlers.delete(c),
  };
}

function fakeProcess() {
  const listeners: Record<string, ((x: unknown) => void)[]> = {};
  const proc = {
    sent: [] as unknown[],
    postMessage: (m: unknown) => void proc.sent.push(m),
    on: (ev: string, l: (x: unknown) => void) => void (listeners[ev] ??= []).push(l),
    pid: 4242,
    kill: () => true,
    emit: (ev: string, x: unknown) => listeners[ev]?.forEach((l) => l(x)),
  };
  return proc;
}

// The window's settings, the web-contents guard, the CSP header and the single-instance lock: security.test.ts.
describe('main: window security', () => {
  it('recognises only the app page as a trusted sender URL', () => {
    expect(isAppUrl('file:///app/dist/renderer/index.html', 'file:///app/dist/renderer/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/', 'file:///app/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///tmp/other.html', 'file:///app/dist/renderer/index.html')).toBe(false);
  });
});

describe('main: IPC bridge', () => {
  const trusted = { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html' } };
  const engine = { call: vi.fn(async (m: string, a: unknown[]) => ({ m, a })) };
  const ipc = fakeIpc();
  registerApi(ipc, engine, (e) => e.sender.id === 1);

  it('registers one channel per Api method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(apiChannel).sort());
  });

  it('forwards valid calls from the window', async () => {
    await expect(ipc.handlers.get('spinplan:openDesign')!(trusted, '/tmp/a.json')).resolves.toEqual({
      m: 'openDesign',
      a: ['/tmp/a.json'],
    });
  });

  it('refuses other senders and invalid arguments', async () => {
    await expect(
      ipc.handlers.get('spinplan:openDesign')!({ sender: { id: 2 }, senderFrame: null }, '/tmp/a.json'),
    ).rejects.toThrow(/does not come from the Spinplan window/);
    await expect(ipc.handlers.get('spinplan:openDesign')!(trusted, 42)).rejects.toThrow(/bad arguments for openDesign/);
    await expect(ipc.handlers.get('spinplan:startJob')!(trusted, { kind: 'rm -rf', design: {} })).rejects.toThrow(
      /bad arguments/,
    );
    expect(engine.call).toHaveBeenCalledTimes(1);
  });
});

describe('main: engine process host', () => {
  it('answers calls and restarts a dead engine, failing the pending call and telling the UI', async () => {
    const procs: ReturnType<typeof fakeProcess>[] = [];
    const events: unknown[] = [];
    const host = new EngineHost(
      () => {
        const p = fakeProcess();
        procs.push(p);
        return p as unknown as UtilityProcessLike;
      },
      (e) => events.push(e),
    );
    host.start();
    const ok = host.call('info', []);
    procs[0]!.emit('message', { type: 'result', id: 1, ok: true, value: 'hi' });
    await expect(ok).resolves.toBe('hi');
    const lost = host.call('listDir', ['/']);
    procs[0]!.emit('exit', 9);
    await expect(lost).rejects.toThrow(/engine process stopped \(exit code 9\)/);
    expect(procs).toHaveLength(2);
    expect(events).toEqual([{ type: 'engine-restarted', message: expect.stringMatching(/restarted/) }]);
    const again = host.call('info', []);
    procs[1]!.emit('message', { type: 'result', id: 3, ok: true, value: 'back' });
    await expect(again).resolves.toBe('back');
  });
});

describe('main: menus, recovery and the app wiring', () => {
  it('has File, Edit, Arrange, View, Run, Help with accelerators that send action ids', () => {
    const sent: string[] = [];
    const t = menuTemplate((id) => sent.push(id), ['/a.spinplan.json'], vi.fn(), vi.fn());
    expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'Arrange', 'View', 'Run', 'Help']);
    const all = t.flatMap((m) => m.submenu ?? []);
    const find = (label: string) => all.find((i: MenuItemTemplate) => i.label === label)!;
    expect(find('Save').accelerator).toBe('CmdOrCtrl+S');
    expect(find('Undo').accelerator).toBe('CmdOrCtrl+Z');
    expect(find('Redo').accelerator).toBe('CmdOrCtrl+Shift+Z');
    expect(find('Simulate array').accelerator).toBe('F5');
    expect(find('Open Recent').submenu![0]!.label).toBe('/a.spinplan.json');
    find('Export SPICE…').click!();
    find('Pin accuracy run for comparison').click!();
    expect(sent).toEqual(['file.exportSpice', 'run.pinAccuracy']);
  });

  it('builds every item from the menu metadata, as the renderer menu bar does, and nothing else but the shell’s own', () => {
    const t = menuTemplate(vi.fn(), [], vi.fn(), vi.fn());
    const items = t.flatMap((m) => (m.submenu ?? []).map((i) => ({ ...i, group: m.label })));
    const actions = items.filter((i) => i.type !== 'separator' && !Object.values(SHELL_ITEMS).includes(i.id as never));
    for (const i of actions) {
      expect(ACTION_IDS, `${i.label}`).toContain(i.id);
      const info: MenuActionInfo = MENU_ACTIONS[i.id as ActionId];
      expect({ label: i.label, group: i.group, accelerator: i.accelerator }).toEqual({
        label: info.label,
        group: info.menu,
        accelerator: accelerator(info.keys),
      });
    }
    // Every action with a label is in the native menu, in the metadata's order.
    expect(actions.map((i) => i.id)).toEqual(ACTION_IDS.filter((id) => MENU_ACTIONS[id].label !== ''));
    expect(items.filter((i) => i.type !== 'separator' && !actions.includes(i)).map((i) => i.id)).toEqual([
      SHELL_ITEMS.openRecent,
      SHELL_ITEMS.quit,
    ]);
  });

  it('fits the die on F, as the renderer does, and leaves plain keys to the page', () => {
    const all = menuTemplate(vi.fn(), [], vi.fn(), vi.fn()).flatMap((m) => m.submenu ?? []);
    const byId = (id: string) => all.find((i) => i.id === id)!;
    expect(byId('view.fit')).toMatchObject({ label: 'Fit die', accelerator: 'F', registerAccelerator: false });
    // Electron's menu would take a plain key even while the user types it into a field.
    for (const i of all.filter((x) => x.accelerator))
      expect(i.registerAccelerator === false, `${i.label} ${i.accelerator}`).toBe(!/CmdOrCtrl|Alt|^F\d/.test(i.accelerator!));
    expect(byId('file.save').registerAccelerator).toBeUndefined();
  });

  it('starts a secure window on the built renderer and prompts before discarding changes', async () => {
    const ipc = fakeIpc();
    const windows: { opts: unknown; close?: (e: { preventDefault(): void }) => void; loaded?: string }[] = [];
    const onDirty: ((e: IpcMainInvokeEvent, v: unknown) => void)[] = [];
    ipc.on = vi.fn(
      (c: string, l: (e: IpcMainInvokeEvent, v: unknown) => void) => void (c === 'spinplan:dirty' && onDirty.push(l)),
    );
    const answer = vi.fn(() => 0);
    const electron = {
      app: {
        whenReady: async () => {},
        on: vi.fn(),
        quit: vi.fn(),
        getPath: () => '/tmp',
        requestSingleInstanceLock: () => true,
      },
      BrowserWindow: class {
        webContents = {
          id: 7,
          on: vi.fn(),
          setWindowOpenHandler: vi.fn(),
          send: vi.fn(),
          session: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() },
        };
        constructor(opts: unknown) {
          windows.push({ opts });
        }
        on(_ev: string, l: (e: { preventDefault(): void }) => void) {
          windows[0]!.close = l;
        }
        async loadFile(f: string) {
          windows[0]!.loaded = f;
        }
        destroy() {}
        setTitle() {}
      },
      ipcMain: ipc,
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
      dialog: { showMessageBoxSync: answer },
      utilityProcess: {
        fork: (_m: string, _a: string[], o: { env: Record<string, string> }) => (
          (forkEnv = o.env),
          fakeProcess() as unknown as UtilityProcessLike
        ),
      },
    } as unknown as ElectronLike;
    let forkEnv: Record<string, string> = {};
    // The engine (pid 4242) autosaved its window's design; another Spinplan (pid 77) has its own.
    const mine = '/tmp/recovery/4242.a1b2c3d4e5f6.1.spinplan.json';
    const other = '/tmp/recovery/77.0a0b0c0d0e0f.1.spinplan.json';
    const files = new Map<string, string>([
      [mine, '{}'],
      [mine.replace('.spinplan.json', '.meta.json'), JSON.stringify({ original: null, savedAt: '', pid: 4242 })],
      [other, '{}'],
      [other.replace('.spinplan.json', '.meta.json'), JSON.stringify({ original: null, savedAt: '', pid: 77 })],
    ]);
    const fs = {
      writeFile: async (f: string, t: string) => void files.set(f, t),
      readFile: async (f: string) => files.get(f)!,
      rm: async (f: string) => void files.delete(f),
      exists: (f: string) => files.has(f),
      list: async (d: string) => [...files.keys()].filter((f) => f.startsWith(`${d}/`)).map((f) => f.slice(d.length + 1)),
    };
    await startApp(
      electron,
      { rendererIndex: '/app/dist/renderer/index.html', preload: '/app/preload.cjs', engine: '/app/engine.js' },
      fs,
    );
    // The engine keeps recovery and recent files in the user data folder, its caches beside them.
    expect(forkEnv).toMatchObject({ SPINPLAN_STATE: '/tmp', SPINPLAN_CACHE: expect.stringMatching(/^\/tmp\/cache$|./) });
    expect(windows[0]!.opts).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/preload.cjs' },
    });
    expect(windows[0]!.loaded).toBe('/app/dist/renderer/index.html');
    expect(ipc.handlers.size).toBe(API_METHODS.length);
    const clean = { preventDefault: vi.fn() };
    windows[0]!.close!(clean);
    expect(answer).not.toHaveBeenCalled();
    onDirty[0]!({ sender: { id: 7 }, senderFrame: null }, true);
    const dirty = { preventDefault: vi.fn() };
    windows[0]!.close!(dirty);
    expect(answer).toHaveBeenCalledTimes(1);
    expect(dirty.preventDefault).toHaveBeenCalled();
    expect(files.has(mine)).toBe(true);
    // Closing with "Discard changes" is deliberate: this engine's recovery file goes, nothing is
    // offered next time; another instance's file stays.
    answer.mockReturnValue(1);
    const discard = { preventDefault: vi.fn() };
    windows[0]!.close!(discard);
    expect(discard.preventDefault).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(files.has(mine)).toBe(false));
    expect(files.has(other)).toBe(true);
  });
});
