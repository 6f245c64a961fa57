/**
 * Who is calling: an API token (`Authorization: Bearer cov_...`) or a session cookie. Routes under /api/v1 need one
 * unless marked `config: { public: true }`. Requests authenticated by cookie must carry the session's CSRF token in
 * `X-CSRF-Token` for every unsafe method, so another site cannot make a signed-in browser change data.
 *
 * Authentication runs when the request arrives (fastify's onRequest), before its body is read or validated: a caller
 * without a login gets 401 and learns nothing of the schema, and cannot make the server read, parse and validate up
 * to a batch route's 16 MB. Public routes (sign-in, sign-out) accept bodies of at most PUBLIC_BODY_LIMIT bytes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../app/access/principal.ts';
import { unauthenticated } from '../app/access/principal.ts';
import { AppError } from '../app/app-error.ts';
import { authenticateSession, authenticateToken } from '../app/identity/sessions.ts';
import type { HttpDependencies } from './http-dependencies.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the request was authenticated by a session cookie. */
    sessionCsrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** No authentication needed (sign-in, health). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The largest body a route without authentication reads (sign-in needs about 1.5 KB at most). */
export const PUBLIC_BODY_LIMIT = 16 * 1024;

export function installAuthentication(app: FastifyInstance, dependencies: HttpDependencies): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionCsrfToken', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.public === true)
      route.bodyLimit = Math.min(route.bodyLimit ?? PUBLIC_BODY_LIMIT, PUBLIC_BODY_LIMIT);
  });
  app.addHook('onRequest', async (request) => {
    const needsAuthentication = request.url.startsWith('/api/v1/') && request.routeOptions.config?.public !== true;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      request.principal = await authenticateToken(dependencies.store, dependencies.clock, match[1]!);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const session = await authenticateSession(dependencies.store, dependencies.clock, cookie);
      if (session) {
        request.principal = session.principal;
        request.sessionCsrfToken = session.csrfToken;
        if (needsAuthentication && !SAFE_METHODS.has(request.method)) checkCsrf(request, session.csrfToken);
        return;
      }
    }
    if (needsAuthentication) {
      throw unauthenticated(cookie ? 'the session has expired: sign in again' : undefined);
    }
  });
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  const sent = request.headers['x-csrf-token'];
  if (sent !== expected) {
    throw new AppError(
      'forbidden',
      'CSRF_TOKEN_INVALID',
      'a request authenticated by the session cookie must send the X-CSRF-Token header returned at sign-in',
    );
  }
}

/** The principal of an authenticated route (the hook guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
