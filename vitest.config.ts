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
        },
      },
    ],
  },
});
