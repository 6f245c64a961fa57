/** Sign-in, sign-out and the current session. */
import { z } from 'zod';
import { AppError } from '../../app/app-error.ts';
import { signIn, signOut } from '../../app/identity/sessions.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import { LOGIN_THROTTLE_POLICY } from '../login-throttle.ts';
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

const { perAccountAndAddress, perAddress, firstDelayMs, maxDelayMs, forgetAfterMs } = LOGIN_THROTTLE_POLICY;
const loginDescription =
  'Failed sign-ins slow down the client that makes them, never the account: after ' +
  `${perAccountAndAddress.freeFailures} failures for one e-mail address from one client address, or ` +
  `${perAddress.freeFailures} from one client address for any e-mail addresses, each further failure makes that ` +
  `client wait twice as long as the last (${firstDelayMs / 1000} s, ${(2 * firstDelayMs) / 1000} s, ... up to ` +
  `${maxDelayMs / 60_000} minutes): meanwhile it is answered 429 TOO_MANY_ATTEMPTS with Retry-After, before the ` +
  `password is checked. Failures are forgotten after ${forgetAfterMs / 60_000} minutes without one, and those of ` +
  'the e-mail address from that client address also on a successful sign-in. The client address is the connecting ' +
  "peer's, or the one a trusted proxy reports in X-Forwarded-For (COVENANT_TRUST_PROXY). Wrong e-mail address, " +
  'wrong password and a disabled user are answered alike (401 INVALID_CREDENTIALS).';

export function authRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        description: loginDescription,
        body: z.strictObject({
          email: textInput.min(3).max(320),
          password: textInput.min(1).max(1000),
          workspace: slug
            .optional()
            .describe(
              'Needed only when the password is right for the e-mail address in several workspaces ' +
                '(WORKSPACE_REQUIRED); otherwise the workspace is the one where the password is right.',
            ),
        }),
        response: { 200: sessionBody, 400: errorBody, 401: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      const wait = dependencies.loginThrottle.retryAfter(email, request.ip);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('retry-after', String(seconds));
        throw new AppError(
          'rate_limited',
          'TOO_MANY_ATTEMPTS',
          `too many failed sign-in attempts from this address; try again in ${seconds} s`,
          { retryAfterSeconds: seconds },
        );
      }
      try {
        const session = await signIn(dependencies, request.body);
        dependencies.loginThrottle.recordSuccess(email, request.ip);
        setSessionCookie(reply, session.sessionToken, session.expiresAt, dependencies.secureCookies);
        return {
          user: presentUser(session.user),
          workspace: session.workspaceSlug,
          csrfToken: session.csrfToken,
          expiresAt: iso(session.expiresAt),
        };
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS')
          dependencies.loginThrottle.recordFailure(email, request.ip);
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
