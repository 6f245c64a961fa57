/**
 * Issue 19, findings 7, 10 and 11: hostile input is refused at the edge.
 * - NUL characters, lone surrogates and impossible or out-of-range instants are a 400 from the shared text and instant
 *   schemas (src/http/routes/route-schemas.ts), never a 500 from PostgreSQL or `Date`.
 * - Every answer says `nosniff`, API answers `no-store`; the documentation cannot be framed and has a CSP; HSTS when the
 *   public address is https.
 * - A caller without a login is refused before its body is read: 401 (not 400 with the schema's details), and a large
 *   body is answered while it is still being sent. Public routes read at most 16 KiB.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { PUBLIC_BODY_LIMIT } from '../../src/http/authentication.ts';
import { buildServer } from '../../src/http/server.ts';
import { composeCovenant, noWebUi } from '../../src/main/composition.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('hostile input is refused at the edge ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  const ticket = (fields: Record<string, unknown>) =>
    api.request('agent', 'POST', '/api/v1/tickets', { customerId: api.world.alpha.acme, title: 'Printer', ...fields });

  describe('text (finding 7)', () => {
    it('refuses a NUL character in sign-in fields with 400, naming the field', async () => {
      for (const body of [
        { email: 'anna\u0000@provider.example', password: 'secret' },
        { email: 'anna@provider.example', password: 'sec\u0000ret' },
      ]) {
        const response = await api.request('anonymous', 'POST', '/api/v1/auth/login', body);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
        expect(response.body.error.message).toMatch(/NUL character/);
      }
    });

    it('refuses NUL characters and lone surrogates in ticket text with 400', async () => {
      for (const fields of [
        { title: 'Printer \u0000 on fire' },
        { description: 'x\u0000' },
        { externalRef: 'INC\u0000' },
        { priority: 'P\u00002' },
        { title: 'lone \ud800 surrogate' },
      ]) {
        const response = await ticket(fields);
        expect(response.status, JSON.stringify(fields)).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
      }
      const idempotent = await api.request(
        'agent',
        'POST',
        '/api/v1/tickets',
        { customerId: api.world.alpha.acme, title: 'Printer' },
        { 'idempotency-key': 'key\u0000' },
      );
      expect(idempotent.status).toBe(400);
    });

    it('refuses NUL characters inside documents: calendar definitions and escaped in agreement text', async () => {
      const calendar = await api.request('admin', 'POST', '/api/v1/calendars', {
        slug: 'nul-calendar',
        name: 'NUL',
        definition: { timezone: 'Europe/Warsaw', weekly: '24x7', description: 'bad \u0000 text' },
      });
      expect(calendar.status).toBe(400);
      expect(calendar.body.error.message).toMatch(/NUL character/);
      const erp = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');
      for (const escaped of ['"ERP \\0 support"', '"ERP \\ud800 support"']) {
        const document = erp
          .replace(/^(\s+title:).*$/m, `$1 ${escaped}`)
          .replace('customer: stalmet', 'customer: acme');
        expect(document).not.toBe(erp);
        const agreement = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document });
        expect(agreement.status, escaped).toBe(400);
        expect(agreement.body.error.message).toMatch(/metadata\.title: text may not contain the NUL character/);
      }
    });

    it('still accepts any other Unicode text, including characters outside the BMP', async () => {
      const response = await ticket({ title: 'Drucker 🖨️ ist kaputt — ﬁx ǅ \u200b\u202e' });
      expect(response.status).toBe(201);
      expect(response.body.title).toBe('Drucker 🖨️ ist kaputt — ﬁx ǅ \u200b\u202e');
    });
  });

  describe('instants (finding 7)', () => {
    it('refuses year 0000, impossible dates and instants outside 1900..9999 with 400', async () => {
      for (const openedAt of [
        '0000-01-01T00:00:00Z',
        '1899-12-31T23:59:59.999Z',
        '1900-01-01T00:30:00+01:00',
        '9999-12-31T23:00:00-05:00',
        '2026-02-30T10:00:00Z',
        '2026-04-31T10:00:00Z',
        '2026-10-05T24:00:00Z',
        '2026-10-05T10:60:00Z',
        '2026-10-05T10:00:60Z',
        '2026-10-05T10:00:00+24:00',
      ]) {
        const response = await ticket({ openedAt });
        expect(response.status, openedAt).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
        expect(response.body.error.message).toMatch(/openedAt/);
      }
      const listed = await api.request('agent', 'GET', '/api/v1/tickets?openedFrom=0000-01-01T00:00:00Z');
      expect(listed.status).toBe(400);
      expect(listed.body.error.message).toMatch(/between the years 1900 and 9999/);
    });

    it('accepts the first and last supported instants and leap days', async () => {
      for (const openedAt of ['1900-01-01T00:00:00Z', '2024-02-29T12:00:00+14:00', '2026-10-05T07:59:59.999Z']) {
        expect((await ticket({ openedAt })).status, openedAt).toBe(201);
      }
      const listed = await api.request(
        'agent',
        'GET',
        '/api/v1/tickets?openedFrom=1900-01-01T00:00:00Z&openedTo=9999-12-31T23:59:59.999Z',
      );
      expect(listed.status).toBe(200);
    });
  });

  describe('headers (finding 10)', () => {
    it('marks API answers nosniff and no-store, those carrying a new token or CSRF token included', async () => {
      const session = await api.request('admin', 'GET', '/api/v1/auth/session');
      const token = await api.request('admin', 'POST', '/api/v1/tokens', { name: 'fresh', role: 'viewer' });
      const refused = await api.request('anonymous', 'GET', '/api/v1/customers');
      const health = await api.request('anonymous', 'GET', '/api/health');
      expect(token.status).toBe(201);
      for (const response of [session, token, refused, health]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['strict-transport-security']).toBeUndefined(); // plain http here
      }
    });

    it('serves the API documentation with a CSP and frame protection, without upgrading plain http', async () => {
      const page = await api.app.inject({ method: 'GET', url: '/api/docs' });
      expect(page.statusCode).toBe(200);
      const policy = String(page.headers['content-security-policy']);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).toMatch(/script-src 'self'/);
      expect(policy).not.toMatch(/upgrade-insecure-requests/);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      const asset = await api.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
      expect(asset.headers['x-frame-options']).toBe('DENY');
    });

    it('adds HSTS when the public address is https', async () => {
      const dependencies = composeCovenant({
        config: loadConfig({ COVENANT_LOG_LEVEL: 'silent', COVENANT_PUBLIC_URL: 'https://sla.example.com' }),
        handle: api.handle,
        clock: api.clock,
        version: 'test',
        webUi: noWebUi,
      });
      const app = await buildServer(dependencies);
      try {
        const health = await app.inject({ method: 'GET', url: '/api/health' });
        expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
        const docs = await app.inject({ method: 'GET', url: '/api/docs' });
        expect(String(docs.headers['content-security-policy'])).toMatch(/upgrade-insecure-requests/);
      } finally {
        await app.close();
      }
    });
  });

  describe('authentication before the body (finding 11)', () => {
    it('answers 401 without schema details to a caller without a login, whatever the body', async () => {
      for (const [method, url, body] of [
        ['POST', '/api/v1/tickets', { title: 5, bogus: true }],
        ['POST', '/api/v1/ticket-events/batch', { events: 'not a list' }],
        ['PATCH', `/api/v1/customers/${api.world.alpha.acme}`, { name: '\u0000' }],
        ['GET', '/api/v1/tickets?limit=-5&openedFrom=0000-01-01T00:00:00Z', undefined],
        ['GET', '/api/v1/customers/not-a-uuid', undefined],
      ] as const) {
        const response = await api.request('anonymous', method, url, body);
        expect(response.status, `${method} ${url}`).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
        expect(response.body.error.details).toEqual({});
      }
      const badToken = await api.request(
        'anonymous',
        'POST',
        '/api/v1/tickets',
        { title: 5 },
        {
          authorization: 'Bearer cov_not_a_real_token',
        },
      );
      expect(badToken.status).toBe(401);
    });

    it('refuses a body over 16 KiB on a public route with 413, naming the limit', async () => {
      const response = await api.request('anonymous', 'POST', '/api/v1/auth/login', {
        email: 'anna@provider.example',
        password: 'x'.repeat(PUBLIC_BODY_LIMIT),
      });
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: PUBLIC_BODY_LIMIT } });
      expect(response.body.error.message).toMatch(/16384 bytes/);
    });

    it('answers an unauthenticated 15 MB batch while the body is still being sent', async () => {
      const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(address).port);
      const serverSockets: Socket[] = [];
      api.app.server.on('connection', (socket: Socket) => serverSockets.push(socket));
      const result = await sendBodyAsTheServerReadsIt(port, '/api/v1/ticket-events/batch', 15 * 1024 * 1024, () =>
        serverSockets.reduce((bytes, socket) => bytes + socket.bytesRead, 0),
      );
      expect(result.status).toBe(401);
      // Before authentication moved ahead of the body, the server read all 15 MB, parsed and validated them first.
      expect(result.bodyBytesSentWhenAnswered).toBeLessThan(result.totalBodyBytes / 4);
    });
  });
});

/**
 * Sends a request with a JSON body of `totalBodyBytes`, a chunk at a time: the next chunk only once the server has
 * read everything sent so far (or has answered), so the body bytes sent when the answer arrives are what the server
 * needed before answering, however busy the machine is. No timers: each step waits for a condition.
 */
async function sendBodyAsTheServerReadsIt(
  port: number,
  path: string,
  totalBodyBytes: number,
  serverBytesRead: () => number,
): Promise<{ status: number; bodyBytesSentWhenAnswered: number; totalBodyBytes: number }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  let bodyBytesSentWhenAnswered: number | undefined;
  let sent = 0;
  socket.on('data', (data) => {
    answer += data.toString('latin1');
    if (bodyBytesSentWhenAnswered === undefined && answer.includes('\r\n\r\n')) bodyBytesSentWhenAnswered = sent;
  });
  socket.on('error', () => {}); // the server may close the connection once it has answered
  const head =
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${totalBodyBytes}\r\n\r\n`;
  const write = (data: string) => new Promise<void>((resolve) => socket.write(data, () => resolve()));
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  await write(head);
  const chunk = 64 * 1024;
  const prefix = '{"events":[';
  const body = (offset: number, length: number) =>
    offset === 0 ? prefix + ' '.repeat(length - prefix.length) : ' '.repeat(length);
  while (sent < totalBodyBytes && bodyBytesSentWhenAnswered === undefined) {
    const length = Math.min(chunk, totalBodyBytes - sent);
    await write(body(sent, length));
    sent += length;
    while (bodyBytesSentWhenAnswered === undefined && serverBytesRead() < head.length + sent) await settle();
  }
  while (bodyBytesSentWhenAnswered === undefined && !socket.closed) await settle();
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  return { status, bodyBytesSentWhenAnswered: bodyBytesSentWhenAnswered ?? sent, totalBodyBytes };
}
