/** The session cookie: httpOnly, SameSite=Lax, Secure behind https, scoped to the whole site. */
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'covenant_session';

export function setSessionCookie(reply: FastifyReply, value: string, expiresAt: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
