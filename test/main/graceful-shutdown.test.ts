import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { spawnServe, untilExited } from '../support/server-process.ts';

const admin = { email: 'admin@shutdown.example', password: 'a password long enough' };

function startServer(directory: string, port: number) {
  return spawnServe(port, {
    COVENANT_DATA_DIR: directory,
    COVENANT_ADMIN_EMAIL: admin.email,
    COVENANT_ADMIN_PASSWORD: admin.password,
    COVENANT_LOG_LEVEL: 'warn',
  });
}

/**
 * POSTs `body` with `Expect: 100-continue`: `received` resolves when the server has taken the request (it answers
 * 100 Continue once the request is handed to the application), and the body is sent only when `sendBody` is called;
 * `response` settles with the final answer.
 */
function postInTwoSteps(url: string, headers: Record<string, string>, body: string) {
  const sent = request(url, {
    method: 'POST',
    headers: { ...headers, expect: '100-continue', 'content-length': Buffer.byteLength(body), connection: 'close' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    sent.on('response', (answer) => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => {
        text += chunk;
      });
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: text }));
      answer.on('error', reject);
    });
    sent.on('error', reject);
  });
  const continued = new Promise<void>((resolve) => sent.once('continue', resolve));
  sent.flushHeaders();
  return {
    // Settles early if the request fails before the server takes it.
    received: Promise.race([continued, response.then(() => {})]),
    sendBody: () => sent.end(body),
    response,
  };
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

    // The request is in flight when the shutdown starts: the server has taken it (100 Continue) and is waiting for its
    // body, which is sent only once the server has said it is shutting down. Conditions, not guesses at durations.
    const inFlight = postInTwoSteps(`${base}/ticket-events/batch`, headers, JSON.stringify({ events }));
    await inFlight.received;
    first.child.kill('SIGTERM');
    await expect.poll(() => first.output()).toContain('SIGTERM received');
    inFlight.sendBody();
    const response = await inFlight.response;
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { recorded: number }).recorded).toBe(5000);
    const exitCode = await untilExited(first.child);
    expect(exitCode).toBe(0);

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
    await untilExited(second.child);
  });
});
