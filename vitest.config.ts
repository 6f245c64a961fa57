import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './test/support/slowest-first.ts';

/**
 * Core tests run twice, under two non-UTC host zones (one with a half-hour offset and DST), to prove that nothing in
 * the core depends on the host's time zone. Everything else runs once.
 *
 * Speed and busy machines (decision 0030): the store and API fixtures start from databases migrated once per run
 * (test/support/database-templates.ts); test files share their worker's modules; the longest files start first
 * (test/support/slowest-first.ts); and there is one worker more than there are cores (vitest's default is one fewer:
 * a single worker on two cores), because much of the rest waits on PostgreSQL, child processes and the browser.
 */
const coreZones = ['Asia/Kolkata', 'America/St_Johns'];

/**
 * The only time limit of a test or a hook (decision 0030). Not a judgement of speed: a test waits for the conditions
 * it needs, however long a busy machine takes, and this bound only turns a hang into a failure that names the test.
 * It is far above anything a test takes on a slow, loaded machine (the slowest file takes about a minute and a half).
 */
const HANG_MS = 15 * 60_000;
/** expect.poll gives up before the test's own bound, so a condition that never holds reports its last value. */
const POLL_MS = 10 * 60_000;

const timeLimits = { testTimeout: HANG_MS, hookTimeout: HANG_MS, expect: { poll: { timeout: POLL_MS } } };

export default defineConfig({
  test: {
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowestFirst },
    teardownTimeout: HANG_MS,
    projects: [
      ...coreZones.map((zone) => ({
        test: {
          name: `core@${zone}`,
          include: ['test/core/**/*.test.ts'],
          env: { TZ: zone, COVENANT_EXPECTED_TZ: zone },
          // Pure functions: the files share their worker's modules instead of loading them again for each file.
          isolate: false,
          ...timeLimits,
        },
      })),
      {
        test: {
          name: 'rest',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**', 'test/e2e/**', '**/node_modules/**'],
          // The migrated databases the store and API fixtures copy (decision 0030).
          globalSetup: ['test/support/database-templates.ts'],
          // Files share their worker's modules: loading the server, the database drivers and PGlite's WebAssembly again
          // for every file cost about 30 % of this project's CPU time. What the modules keep between files is caches
          // keyed by content (compiled calendars, zones, formatters); everything else a test uses is made by its own
          // fixture. `npx vitest run --isolate` runs each file in a fresh process when in doubt.
          isolate: false,
          ...timeLimits,
        },
      },
      {
        // The web UI's own logic (pure functions beside the screens that use them).
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          env: { TZ: 'America/St_Johns' },
          isolate: false, // pure functions, as in core
          ...timeLimits,
        },
      },
      {
        // Browser tests (decision 0015): Debian's Chromium against one real server with the demo data, started by the
        // global set-up; they skip with a message when /usr/bin/chromium is absent.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          ...timeLimits,
        },
      },
    ],
  },
});
