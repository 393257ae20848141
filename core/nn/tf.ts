import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type Tf = typeof tf;
let ready: Promise<string> | null = null;

/**
 * TensorFlow.js with the fastest backend available: the native one when the optional
 * @tensorflow/tfjs-node is installed, else WebAssembly (SIMD when the CPU has it).
 * Returns the backend name; safe to call many times.
 */
export function initTf(): Promise<string> {
  ready ??= (async () => {
    try {
      const nodeBackend = '@tensorflow/tfjs-node';
      await import(nodeBackend);
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      /* not installed: fall back to wasm */
    }
    const require = createRequire(import.meta.url);
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    setWasmPaths(dist);
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js: the wasm backend failed to initialise');
    await tf.ready();
    return 'wasm';
  })();
  return ready;
}

export { tf };
