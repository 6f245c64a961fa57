import { defineConfig } from 'vitest/config';

/**
 * Core tests run twice, under two non-UTC host zones (one with a half-hour offset and DST), to prove that nothing in
 * the core depends on the host's time zone. Everything else runs once.
 */
const coreZones = ['Asia/Kolkata', 'America/St_Johns'];

export default defineConfig({
  test: {
    projects: [
      ...coreZones.map((zone) => ({
        test: {
          name: `core@${zone}`,
          include: ['test/core/**/*.test.ts'],
          env: { TZ: zone, COVENANT_EXPECTED_TZ: zone },
          testTimeout: 60_000,
        },
      })),
      {
        test: {
          name: 'rest',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**', 'test/e2e/**', '**/node_modules/**'],
          testTimeout: 60_000,
          // Set-ups open databases and servers: on a busy 2-core machine that takes far longer than vitest's 10 s.
          hookTimeout: 120_000,
        },
      },
      {
        // The web UI's own logic (pure functions beside the screens that use them).
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          env: { TZ: 'America/St_Johns' },
        },
      },
      {
        // Browser tests (decision 0015): Debian's Chromium against one real server with the demo data, started by the
        // global set-up; they skip with a message when /usr/bin/chromium is absent.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
