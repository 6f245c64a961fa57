/**
 * Issue 19, finding 1: no calendar or iCalendar request may hold the server's event loop. A real server (`covenant
 * serve` on an embedded data directory) receives the worst calendar requests we know, as a customer representative
 * and as an admin, without pause, while `/api/health` is asked again and again; its answers must stay under 100 ms
 * at the 99th percentile.
 *
 * Honest but robust on a busy two-core machine:
 * - The health requests come from their own process (test/support/health-sampler.mjs), one after the other, so the
 *   test process's own work (building and sending the hostile requests, reading their answers) never delays them.
 *   What they wait for is the server: its event loop, plus whatever the machine does to every process.
 * - The machine's part is measured too: the same sampler runs first with the server idle (the baseline). The bound
 *   is 100 ms, or the idle p99 when the machine alone is slower than that (it then says nothing about the server,
 *   and the test says so in its message). Before the fix a single hostile request held the loop for 16 s to 9 min:
 *   no baseline hides that.
 * - The hostile requests are the report's worst cases, kept in flight for the whole measurement: iCalendar files as
 *   a customer (refused before reading), as an admin (each bound, and a rule ical.js never finishes, which a worker
 *   thread runs until its deadline), and business-time questions over the horizon on calendars never compiled.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { eventOverEightMillennia, hundredDailyEvents, neverEndingRule } from '../support/hostile-icalendar.ts';
import { spawnServe, untilExited } from '../support/server-process.ts';

const admin = { email: 'admin@load.example', password: 'a password long enough' };
const representative = { email: 'rep@load.example', password: 'another long password' };
const sampler = fileURLToPath(new URL('../support/health-sampler.mjs', import.meta.url));
const BASELINE_SAMPLES = 200;
const LOADED_SAMPLES = 1000;
const BOUND_MS = 100;
/**
 * The server and the sampler run ahead of the rest of the machine (`nice -n -20`; where that is not allowed, nice
 * says so and runs them as they are), so that what the health requests wait for is the server's event loop, not the
 * other processes of a machine with a load of 20 on two cores (measured: idle p99 80-160 ms at normal priority). The
 * process sending the hostile requests keeps its normal priority; the server's worker threads share the server's.
 */
const AHEAD_OF_THE_MACHINE = ['-n', '-20'];

function startServer(directory: string, port: number): { child: ChildProcess; ready: Promise<void> } {
  const env = {
    COVENANT_DATA_DIR: directory,
    COVENANT_ADMIN_EMAIL: admin.email,
    COVENANT_ADMIN_PASSWORD: admin.password,
    COVENANT_LOG_LEVEL: 'warn',
  };
  return spawnServe(port, env, ['nice', ...AHEAD_OF_THE_MACHINE]);
}

function sampleHealth(base: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'nice',
      [...AHEAD_OF_THE_MACHINE, process.execPath, sampler, base, String(count)],
      { maxBuffer: 1 << 24 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as number[])),
    );
  });
}

function p99(latencies: readonly number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.99) - 1]!;
}

async function signIn(api: string, who: { email: string; password: string }) {
  const login = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

describe('calendar requests and the event loop (issue 19, finding 1)', () => {
  it('keeps /api/health under 100 ms at p99 while the worst calendar and iCalendar requests keep coming', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-calendar-load-'));
    const port = await freePort();
    const server = startServer(directory, port);
    try {
      await server.ready;
      const base = `http://127.0.0.1:${port}`;
      const api = `${base}/api/v1`;
      const asAdmin = await signIn(api, admin);
      const customer = await asAdmin('POST', '/customers', { slug: 'acme', name: 'ACME' });
      const created = await asAdmin('POST', '/users', {
        ...representative,
        name: 'Rep',
        role: 'customer',
        customerId: customer.body.id,
      });
      expect(created.status).toBe(201);
      const asCustomer = await signIn(api, representative);
      const office = await asAdmin('POST', '/calendars', {
        slug: 'office',
        name: 'Office',
        definition: { timezone: 'Europe/Warsaw', weekly: [{ days: ['mon', 'tue'], start: '08:00', end: '16:00' }] },
      });
      expect(office.status).toBe(201);

      const baseline = await sampleHealth(base, BASELINE_SAMPLES);

      const statuses = new Map<string, number>();
      const count = (label: string, status: number) => {
        const key = `${label} ${status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      };
      // Calendars no one has compiled yet (their hours differ by a minute, their regions' holidays are computed per
      // year), made before the measurement: writing them is ordinary database work, not what this test is about.
      const uncompiled: string[] = [];
      for (let index = 0; index < 40; index++) {
        const at = (minute: number) => `0${1 + Math.floor(index / 20)}:${String(minute).padStart(2, '0')}`;
        const calendar = await asAdmin('POST', '/calendars', {
          slug: `sparse-${index}`,
          name: 'Sparse',
          definition: {
            timezone: 'America/New_York',
            weekly: [{ day: 'mon', start: at(index % 20), end: at((index % 20) + 1) }],
            holidays: { region: ['US', 'DE-BY', 'PL', 'TR'][index % 4] },
          },
        });
        expect(calendar.status).toBe(201);
        uncompiled.push(String(calendar.body.id));
      }
      let fresh = 0;
      // Each round asks of a calendar never compiled the questions that compiled up to 8,100 years of it before.
      const calendarRound = async () => {
        const id = uncompiled[fresh++ % uncompiled.length];
        const url = `/calendars/${id}`;
        const questions = [
          `${url}/due?start=2026-01-05T00:00:00Z&minutes=1000000`,
          `${url}/elapsed?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
          `${url}/elapsed?from=1900-01-01T00:00:00Z&to=9999-12-31T00:00:00Z`,
          `${url}/preview?days=92&from=9999-10-01`,
          '/calendars?limit=200',
        ];
        for (const question of questions)
          count(question.split('?')[0]!.split('/').pop()!, (await asAdmin('GET', question)).status);
      };
      const uploadRound = async (send: typeof asAdmin, label: string) => {
        for (const icalendar of [hundredDailyEvents, eventOverEightMillennia, neverEndingRule]) {
          const answer = await send('PATCH', `/calendars/${office.body.id}`, { icalendar });
          count(`${label} ical`, answer.status);
        }
      };
      let loaded = true;
      const keepSending = async (round: () => Promise<void>) => {
        while (loaded) await round();
      };
      const load = [
        keepSending(calendarRound),
        keepSending(calendarRound),
        keepSending(() => uploadRound(asAdmin, 'admin')),
        keepSending(() => uploadRound(asCustomer, 'customer')),
        keepSending(() => uploadRound(asCustomer, 'customer')),
      ];
      const underLoad = await sampleHealth(base, LOADED_SAMPLES);
      loaded = false;
      await Promise.all(load);

      const summary = [...statuses.entries()].map(([key, n]) => `${key}: ${n}`).join(', ');
      // The load was real: calendars were compiled, files were refused for who sent them and for what they held.
      expect(fresh, summary).toBeGreaterThanOrEqual(2);
      expect(statuses.get('customer ical 403'), summary).toBeGreaterThan(0);
      expect(statuses.get('admin ical 400'), summary).toBeGreaterThan(0);
      expect(statuses.get('due 400'), summary).toBeGreaterThan(0);
      expect(statuses.get('elapsed 200'), summary).toBeGreaterThan(0);
      expect(statuses.get('elapsed 400'), summary).toBeGreaterThan(0);
      expect([...statuses.keys()].filter((key) => / 5\d\d$/.test(key) && !key.endsWith('ical 503'))).toEqual([]);

      const idle = p99(baseline);
      const busy = p99(underLoad);
      const bound = Math.max(BOUND_MS, idle);
      expect(
        busy,
        `health p99 ${busy.toFixed(1)} ms under load, ${idle.toFixed(1)} ms idle (bound ${bound.toFixed(1)} ms); ${summary}`,
      ).toBeLessThan(bound);
    } finally {
      server.child.kill('SIGTERM');
      await untilExited(server.child);
    }
  });
});
