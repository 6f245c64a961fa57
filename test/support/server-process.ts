/** Waiting for a server started as a child process (`covenant serve`), for as long as a busy machine takes. */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `<baseUrl>/api/ready` answers 200. There is no deadline: a slow start is not a failure, and the test's
 * own bound ends a start that never ends. A process that exits before it is ready fails the wait at once, with its
 * output.
 */
export async function untilReady(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
}

/** Resolves when the process has exited (at once if it already has), with its exit code or the signal that ended it. */
export function untilExited(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}
