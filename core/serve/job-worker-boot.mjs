// Starts a job worker from TypeScript sources (development and `spinplan serve` run core
// through tsx); a compiled build points the worker at the .js file directly.
import { workerData } from 'node:worker_threads';

if (workerData.tsx) {
  const { register } = await import(workerData.tsx);
  register();
}
await import(workerData.entry);
