/**
 * Database errors are logged without the values the query carried (issue 19, finding 8; decision 0034): a write that
 * fails in the database (a unique violation, provoked with an index only this test creates) answers 500 and logs the
 * fault, but neither the webhook signing secret, nor the password hash, nor any other parameter. Real databases, the
 * server's own logger options (as `covenant serve` uses them), lines captured from pino.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/identity/manage-api-tokens.ts';
import { safeLoggerOptions, safeStackOf } from '../../src/http/log-safety.ts';
import { buildServer } from '../../src/http/server.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('logs without secrets ($name)', (backend) => {
  let api: ApiFixture;
  let app: FastifyInstance;
  let token: string;
  const lines: string[] = [];
  beforeAll(async () => {
    api = await createApiFixture(backend);
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildServer(api.dependencies, { logger: safeLoggerOptions('info', capture) });
    ({ token } = await createApiToken(api.dependencies, api.principal('admin'), {
      name: 'log test',
      role: 'admin',
      customerId: null,
    }));
    // Only in this test's database: makes the second of two equal writes fail inside the database.
    await api.handle.db.execute(sql`CREATE UNIQUE INDEX test_only_webhook_url ON webhook_subscriptions (url)`);
    await api.handle.db.execute(sql`CREATE UNIQUE INDEX test_only_user_name ON users (name)`);
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });

  const send = async (method: string, url: string, body: unknown) => {
    const response = await app.inject({
      method: method as 'POST',
      url,
      payload: body as Record<string, unknown>,
      headers: { authorization: `Bearer ${token}`, cookie: 'covenant_session=session-cookie-value' },
    });
    return { status: response.statusCode, body: response.json() };
  };
  const errorLines = () => lines.filter((line) => line.includes('unexpected error'));

  it('logs a failed webhook write without its signing secret or URL', async () => {
    const url = 'https://hooks.example/private-path-7f3a';
    const first = await send('POST', '/api/v1/webhooks', { url, eventTypes: ['clock.breach'] });
    expect(first.status).toBe(201);
    const before = errorLines().length;
    const second = await send('POST', '/api/v1/webhooks', { url, eventTypes: ['clock.breach'] });
    expect(second.status).toBe(500);
    const logged = errorLines().slice(before);
    expect(logged).toHaveLength(1);
    const text = lines.join('\n');
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain(first.body.secret);
    expect(text).not.toContain('private-path-7f3a');
    expect(text).not.toContain(token);
    expect(text).not.toContain('session-cookie-value');
    // What explains the fault is still there: the constraint and the query's shape.
    const entry = JSON.parse(logged[0]!);
    expect(JSON.stringify(entry.err)).toContain('test_only_webhook_url');
    expect(entry.err.message).toMatch(/^Failed query: INSERT INTO webhook_subscriptions/);
  });

  it('logs a failed user write without the password, its hash, or the other values', async () => {
    const password = 'correct-horse-battery-staple-42';
    const user = (email: string) => ({ email, name: 'Duplicate Name Q9', role: 'agent', password });
    expect((await send('POST', '/api/v1/users', user('first.q9@alpha.example'))).status).toBe(201);
    const before = errorLines().length;
    expect((await send('POST', '/api/v1/users', user('second.q9@alpha.example'))).status).toBe(500);
    expect(errorLines().slice(before)).toHaveLength(1);
    const text = lines.join('\n');
    for (const value of [password, '$argon2', 'second.q9@alpha.example', 'Duplicate Name Q9']) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('test_only_user_name');
  });

  it('prints a failed query for the terminal without its values', async () => {
    const failure = await api.handle.db.execute(sql`INSERT INTO users (name) VALUES (${'whsec_terminal_secret'})`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).stack).toContain('whsec_terminal_secret');
    expect(safeStackOf(failure)).not.toContain('whsec_terminal_secret');
    expect(safeStackOf(failure)).toContain('Failed query: INSERT INTO users (name) VALUES ($1)');
  });
});
