/**
 * An exclusive lock on the embedded database's data directory: a lock file created atomically with the owner's pid.
 * A lock left by a process that no longer runs is taken over; one held by a live process is refused with a message
 * that says what to do.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface DataDirectoryLock {
  readonly path: string;
  release(): void;
}

export class DataDirectoryLockedError extends Error {
  override readonly name = 'DataDirectoryLockedError';
  readonly code = 'DATA_DIRECTORY_LOCKED';
  constructor(
    readonly directory: string,
    readonly ownerPid: number,
  ) {
    super(
      `the data directory ${directory} is in use by another Covenant process (pid ${ownerPid}). ` +
        'The embedded database allows one process at a time: stop that process, or send changes through its API ' +
        '(the CLI does this when the server runs), or use PostgreSQL (DATABASE_URL) to run several processes.',
    );
  }
}

export function lockDataDirectory(directory: string): DataDirectoryLock {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'covenant.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.removeListener('exit', release);
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      // Held by a live process (this one included: two handles on one directory lose rows too), or by another host
      // whose processes we cannot see: refuse. A lock whose process is gone is stale: take it over.
      if (owner !== undefined && (owner.host !== hostname() || isAlive(owner.pid))) {
        throw new DataDirectoryLockedError(directory, owner.pid);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${path}`);
}

function readOwner(path: string): { pid: number; host: string } | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
