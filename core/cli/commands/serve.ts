import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { checkPort } from '../../serve/listen-error.js';
import { startServer } from '../../serve/server.js';
import { EXIT, type Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'browser mode: serve the UI and the Api on 127.0.0.1 with a per-run token',
  usage: '[FILE] [--port P]',
  maxPositionals: 1,
  options: { port: { type: 'integer', default: 0, description: 'port 0..65535 (0 picks a free one)', value: 'P' } },
  async run({ positionals, options }, io) {
    // Checked before the design is read: a bad port should not wait for a large file.
    const port = checkPort(options.port as number);
    const file = positionals[0] ? path.resolve(io.cwd, positionals[0]) : null;
    const design = file ? { file, design: await loadDesign(file) } : null;
    const running = await startServer({ port, design, cwd: io.cwd });
    io.stdout(`Spinplan is serving at ${running.url}\n(open it in a browser; Ctrl+C stops the server)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return EXIT.ok;
  },
};
