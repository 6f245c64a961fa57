/**
 * Keeps web/dist in step with web/src so that `npm ci && npm start` on a fresh clone serves the UI with no separate
 * build step (decision 0015). At start-up the server checks whether the built UI is missing or older than its
 * sources; if so it builds it in a child process while the API already answers, into a temporary folder that replaces
 * web/dist whole when the build succeeds (a reader never sees half a build, and two servers building at once cannot
 * mix their files). Until the first build exists, the UI paths answer a page that reloads itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants as osConstants, setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebUiSource, WebUiState } from '../http/web-ui.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const webDirectory = join(repoRoot, 'web');
export const webDistDirectory = join(webDirectory, 'dist');
const BUILD_INFO = 'build-info.json';
const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');

export interface PreparedWebUi {
  readonly source: WebUiSource;
  /** Settles when no build is running any more: true when a built UI is there to serve. */
  readonly settled: Promise<boolean>;
  /** Stops a build still running (server shutdown) and removes its temporary folder. */
  stop(): void;
}

/** Newest modification time of the files the build reads (sources, entry page, build configuration). */
export function newestSourceTime(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'index.html', 'vite.config.ts', 'public']) {
    const path = join(webDirectory, entry);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/** Whether web/dist is missing, or was built from sources older than the ones in web/ now. */
export function webUiIsStale(): boolean {
  if (!existsSync(join(webDistDirectory, 'index.html'))) return true;
  try {
    const info = JSON.parse(readFileSync(join(webDistDirectory, BUILD_INFO), 'utf8')) as { sourceTime?: number };
    return typeof info.sourceTime !== 'number' || newestSourceTime() > info.sourceTime;
  } catch {
    return true;
  }
}

/**
 * Serves web/dist; with `build`, first (re)builds it in the background when it is stale. `print` reports progress
 * the way the rest of the start-up does.
 */
export function prepareWebUi(options: { build: boolean; print: (line: string) => void }): PreparedWebUi {
  const hasSources = existsSync(join(webDirectory, 'src'));
  let state: WebUiState = { kind: 'ready' };
  let running: { child: ChildProcess; outDir: string } | null = null;
  let settled: Promise<boolean> = Promise.resolve(existsSync(join(webDistDirectory, 'index.html')));

  if (options.build && hasSources && webUiIsStale()) {
    if (!existsSync(viteBin)) {
      if (!existsSync(join(webDistDirectory, 'index.html')))
        state = { kind: 'unavailable', reason: 'vite is not installed; install the dev dependencies with "npm ci"' };
      options.print('  web UI: not built and vite is not installed (npm ci installs it); the API works without it');
    } else {
      const hadBuild = existsSync(join(webDistDirectory, 'index.html'));
      // An older build keeps being served while the new one is made.
      if (!hadBuild) state = { kind: 'building' };
      options.print(`  web UI: ${hadBuild ? 'sources changed, rebuilding' : 'building'} in the background...`);
      const started = Date.now();
      const build = startBuild({ background: true });
      running = build;
      settled = build.done.then(
        () => {
          running = null;
          state = { kind: 'ready' };
          options.print(`  web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          return true;
        },
        (error: Error) => {
          running = null;
          const available = existsSync(join(webDistDirectory, 'index.html'));
          state = available ? { kind: 'ready' } : { kind: 'unavailable', reason: 'the build failed (see the log)' };
          options.print(`  web UI: the build failed: ${error.message}`);
          return available;
        },
      );
    }
  }
  return {
    source: { directory: webDistDirectory, state: () => state },
    settled,
    stop() {
      if (!running) return;
      running.child.kill('SIGTERM');
      rmSync(running.outDir, { recursive: true, force: true });
      running = null;
    },
  };
}

/** Builds web/dist now, in this process's lifetime (scripts and test set-up); resolves when it is in place. */
export async function buildWebUi(): Promise<void> {
  await startBuild({ background: false }).done;
}

function startBuild(options: { background: boolean }): { child: ChildProcess; outDir: string; done: Promise<void> } {
  const sourceTime = newestSourceTime();
  const outDir = join(webDirectory, `.dist-build-${process.pid}-${Date.now().toString(36)}`);
  const child = spawn(
    process.execPath,
    [viteBin, 'build', webDirectory, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  // In the background the build yields the CPU to the server's own start-up (opening the database, migrations),
  // which is what /api/ready waits for; on a busy machine it finishes a little later instead.
  if (options.background && child.pid !== undefined) {
    try {
      setPriority(child.pid, osConstants.priority.PRIORITY_LOW);
    } catch {
      // Not permitted here (some containers): the build runs at normal priority.
    }
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        rmSync(outDir, { recursive: true, force: true });
        reject(new Error(signal ? `stopped by ${signal}` : `vite exited with ${code}: ${output.trim()}`));
        return;
      }
      try {
        writeFileSync(join(outDir, BUILD_INFO), JSON.stringify({ sourceTime, builtAt: new Date().toISOString() }));
        swapIntoPlace(outDir);
        resolve();
      } catch (error) {
        rmSync(outDir, { recursive: true, force: true });
        reject(error as Error);
      }
    });
  });
  return { child, outDir, done };
}

/** Replaces web/dist with the new build: two renames, so readers see the old build or the new one. */
function swapIntoPlace(outDir: string): void {
  const retired = join(webDirectory, `.dist-old-${process.pid}-${Date.now().toString(36)}`);
  const hadBuild = existsSync(webDistDirectory);
  if (hadBuild) renameSync(webDistDirectory, retired);
  try {
    renameSync(outDir, webDistDirectory);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    // Another server put its build in place between the two renames: keep that one; otherwise restore the old.
    if (!existsSync(webDistDirectory)) {
      if (hadBuild) renameSync(retired, webDistDirectory);
      throw error;
    }
  }
  rmSync(retired, { recursive: true, force: true });
}
