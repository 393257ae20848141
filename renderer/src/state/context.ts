import { getContext, setContext } from 'svelte';
import type { Ctx } from './commands.js';

const KEY = Symbol('spinplan');
export const provideCtx = (ctx: Ctx) => setContext(KEY, ctx);
export const useCtx = () => getContext<Ctx>(KEY);
