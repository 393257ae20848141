// Starts a sweep worker (point-worker) in a child process forked by pool.ts: from the
// TypeScript sources through tsx when the pool runs from them (argv: entry, tsx's api),
// or the compiled entry directly (argv: entry).
const [entry, tsx] = process.argv.slice(2);
if (tsx) {
  const { register } = await import(tsx);
  register();
}
await import(entry);
