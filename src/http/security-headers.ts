/**
 * Headers every answer carries (issue 19): browsers must not guess content types (`nosniff`); API answers, which
 * carry personal data and sometimes a new token or signing secret, must not be stored by any cache (`no-store`); the
 * API documentation may not be framed by another site (clickjacking) and runs under a content security policy; and
 * when the public address is https, browsers are told to use nothing else (HSTS). Done by hand: four headers do not
 * need @fastify/helmet.
 */
import type { FastifyInstance } from 'fastify';

/** One year: browsers remember to use https only for this long after each answer. */
export const HSTS_MAX_AGE_SECONDS = 365 * 86_400;

export const DOCS_PREFIX = '/api/docs';

export function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (options.https) reply.header('strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}`);
    const path = request.url.split('?')[0]!;
    if (path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) {
      reply.header('x-frame-options', 'DENY');
    } else if (path.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

/**
 * The documentation's content security policy: @fastify/swagger-ui's own (hashes of its inline scripts and styles),
 * framed by no site at all instead of its own, and without `upgrade-insecure-requests` unless served over https (a
 * server on plain http would otherwise break its own page).
 */
export function docsContentSecurityPolicy(header: string, https: boolean): string {
  return header
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && (https || directive !== 'upgrade-insecure-requests'))
    .map((directive) => (directive.startsWith('frame-ancestors') ? "frame-ancestors 'none'" : directive))
    .join('; ');
}
