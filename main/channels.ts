import type { ApiMethod } from '../core/api/methods.js';

/**
 * The IPC channel names, shared by main and the preload bundle: one namespaced channel per
 * Api method, one for job events, and the shell's own (menu actions to the page, unsaved
 * state to main). Type imports only, so the preload carries nothing else.
 */
export const apiChannel = (method: ApiMethod) => `spinplan:${method}`;
export const EVENT_CHANNEL = 'spinplan:event';
export const MENU_CHANNEL = 'spinplan:menu';
export const DIRTY_CHANNEL = 'spinplan:dirty';
