/** Waiting for a server started as a child process (`covenant serve`), for as long as a busy machine takes. */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from './run-cli.ts';

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

/**
 * Starts `covenant serve --no-demo` as a child process on `port` with `env` added to this process's environment.
 * `prefix` runs it through another command (e.g. `['nice', '-n', '-20']`). `ready` resolves as `untilReady` does.
 */
export function spawnServe(
  port: number,
  env: Record<string, string>,
  prefix: readonly string[] = [],
): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const [command = process.execPath, ...args] = [...prefix, process.execPath, 'bin/covenant.mjs', 'serve', '--no-demo'];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const ready = untilReady(`http://127.0.0.1:${port}`, child, () => output);
  return { child, ready, output: () => output };
}
