/**
 * Optimistic concurrency over HTTP: an entity's revision is its ETag (`"3"`), and a change names the revision it was
 * made to with If-Match. Whether If-Match is required, and what a mismatch means, is decided by the use-case.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app/app-error.ts';

export function etagOf(revision: number): string {
  return `"${revision}"`;
}

export function sendEtag(reply: FastifyReply, revision: number): void {
  reply.header('etag', etagOf(revision));
}

/**
 * The revision named by If-Match: null when there is none, -1 for a tag this server never issued (it matches no
 * revision, so the change is refused as stale). `*` names no revision and counts as missing.
 */
export function ifMatchRevision(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (header === undefined) return null;
  const text = (Array.isArray(header) ? header.join(',') : header).trim();
  if (text === '*') {
    throw new AppError(
      'precondition_required',
      'PRECONDITION_REQUIRED',
      'If-Match: * does not say which revision you changed; send the ETag you read',
    );
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(text);
  return match ? Number(match[1]) : -1;
}
