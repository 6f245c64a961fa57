import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { repoRoot } from '../support/run-cli.ts';

const admin = { email: 'admin@shutdown.example', password: 'a password long enough' };

function startServer(directory: string, port: number) {
  const child = spawn(process.execPath, ['bin/covenant.mjs', 'serve', '--no-demo'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      COVENANT_DATA_DIR: directory,
      PORT: String(port),
      COVENANT_ADMIN_EMAIL: admin.email,
      COVENANT_ADMIN_PASSWORD: admin.password,
      COVENANT_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const ready = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/ready`)).ok) return;
      } catch {
        // not yet listening
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not start:\n${output}`);
  })();
  return { child, ready, output: () => output };
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the request in flight, closes the database, and loses nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-shutdown-'));
    const port = await freePort();
    const first = startServer(directory, port);
    await first.ready;
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
    const customer = await json<{ id: string }>(
      await fetch(`${base}/customers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ slug: 'acme', name: 'ACME' }),
      }),
    );
    const ticket = await json<{ id: string; openedAt: string }>(
      await fetch(`${base}/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ customerId: customer.id, title: 'Load' }),
      }),
    );
    const occurredAt = ticket.openedAt;
    const events = Array.from({ length: 5000 }, (_, index) => ({
      ticketId: ticket.id,
      key: `e${index}`,
      type: 'customer_reply',
      occurredAt,
    }));

    const inFlight = fetch(`${base}/ticket-events/batch`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    first.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { recorded: number }).recorded).toBe(5000);
    const exitCode = await new Promise((resolve) => first.child.once('exit', resolve));
    expect(exitCode).toBe(0);
    expect(first.output()).toContain('SIGTERM received');

    // The database was closed cleanly (the lock released) and holds every acknowledged event.
    // A port asked for afresh: the one next to the first may be any connection's local port by now.
    const secondPort = await freePort();
    const second = startServer(directory, secondPort);
    await second.ready;
    const again = await fetch(`http://127.0.0.1:${secondPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const cookie2 = again.headers.get('set-cookie')!.split(';')[0]!;
    const stored = await (
      await fetch(`http://127.0.0.1:${secondPort}/api/v1/tickets/${ticket.id}`, { headers: { cookie: cookie2 } })
    ).json();
    expect((stored as { eventCount: number }).eventCount).toBe(5001);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }, 120_000);
});
