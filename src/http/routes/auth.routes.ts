/** Sign-in, sign-out and the current session. */
import { z } from 'zod';
import { AppError } from '../../app/app-error.ts';
import { signIn, signOut } from '../../app/identity/sessions.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session-cookie.ts';
import type { ZodApp } from '../zod-app.ts';
import { errorBody, instantSchema, iso, slug, standardErrors, textInput } from './route-schemas.ts';
import { presentUser, userSchema } from './users.routes.ts';

const sessionBody = z.object({
  user: userSchema,
  workspace: z.string(),
  csrfToken: z.string().describe('Send it as X-CSRF-Token with every unsafe request authenticated by the cookie.'),
  expiresAt: instantSchema,
});

export function authRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: z.strictObject({
          email: textInput.min(3).max(320),
          password: textInput.min(1).max(1000),
          workspace: slug.optional().describe('Needed only when the e-mail address is in several workspaces.'),
        }),
        response: { 200: sessionBody, 400: errorBody, 401: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const keys = [`email:${request.body.email.toLowerCase()}`, `ip:${request.ip}`];
      const wait = dependencies.loginThrottle.retryAfter(keys);
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)));
        throw new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'too many failed sign-in attempts; try again later', {
          retryAfterSeconds: Math.ceil(wait / 1000),
        });
      }
      try {
        const session = await signIn(dependencies, request.body);
        dependencies.loginThrottle.recordSuccess(keys);
        setSessionCookie(reply, session.sessionToken, session.expiresAt, dependencies.secureCookies);
        return {
          user: presentUser(session.user),
          workspace: session.workspaceSlug,
          csrfToken: session.csrfToken,
          expiresAt: iso(session.expiresAt),
        };
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS')
          dependencies.loginThrottle.recordFailure(keys);
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await signOut(dependencies.store, cookie);
      clearSessionCookie(reply, dependencies.secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in principal (user or token), its role and customer, and the CSRF token',
        response: {
          200: z.object({
            role: z.string(),
            customerId: z.string().nullable(),
            userId: z.string().nullable(),
            tokenId: z.string().nullable(),
            label: z.string(),
            csrfToken: z.string().nullable(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        role: principal.role,
        customerId: principal.customerId,
        userId: principal.userId,
        tokenId: principal.tokenId,
        label: principal.label,
        csrfToken: request.sessionCsrfToken,
      };
    },
  );
}
