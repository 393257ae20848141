/**
 * Autosave and crash recovery live with the engine's services (core/serve/state.ts) so
 * that Electron (user data folder) and browser mode (the server's state folder) share
 * one implementation; main uses the same class to drop the file on a deliberate discard.
 */
export { Recovery, type RecoveryFs } from '../core/serve/state.js';
