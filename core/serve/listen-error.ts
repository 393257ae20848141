import { UserError } from '../model/problems.js';

/** The largest TCP port; 0 asks the system for any free one. */
export const MAX_PORT = 65535;

/** Checks a requested port before anything is started, so a bad --port is one clear line. */
export function checkPort(port: number, flag = '--port'): number {
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) {
    throw new UserError(
      `${flag} ${port} is not allowed, must be a whole number 0..${MAX_PORT} (0 or no ${flag} picks a free port)`,
    );
  }
  return port;
}

/**
 * What listen() failing means for the user. A port in use or a privileged port is their
 * choice to change, so it becomes a UserError naming the port and the fix; anything else
 * stays an internal error with its stack.
 */
export function listenFailure(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE')
    return new UserError(`port ${port} is in use; choose another with --port or omit it to pick a free one`);
  if (error.code === 'EACCES')
    return new UserError(
      `port ${port} needs privileges this user does not have; choose a port above 1023 with --port or omit it to pick a free one`,
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new UserError(`cannot listen on 127.0.0.1:${port} (no loopback address); check the network configuration`);
  return error;
}
