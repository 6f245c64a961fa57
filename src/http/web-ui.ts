/**
 * Serves the built web UI (web/dist): hashed assets under /assets/ with long-lived caching, and index.html for every
 * other GET that no route answers (history routing in the browser), with no-cache and a strict Content Security
 * Policy. API paths (/api, /api/*) and /metrics are never answered with the page: an unknown API path keeps its JSON
 * 404. While the UI is being built (first start of a fresh clone) the page says so and reloads itself.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type WebUiState =
  | { readonly kind: 'ready' }
  | { readonly kind: 'building' }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface WebUiSource {
  /** Absolute path of the built UI: index.html and assets/; null in a process that serves no pages. */
  readonly directory: string | null;
  /** Whether the UI can be served now; asked at every page request. */
  readonly state: () => WebUiState;
}

const RESERVED = /^\/(api|metrics)(\/|$)/;

const pageHeaders = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  // Styles: React and ECharts set element styles from script, which style-src 'unsafe-inline' permits; no inline
  // script is needed (Vite emits module files), so scripts stay 'self' only.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
};

/** Registers the asset route; call `answerWithWebUi` from the not-found handler for the page itself. */
export async function registerWebUi(app: FastifyInstance, source: WebUiSource): Promise<void> {
  if (source.directory === null) return;
  await app.register(fastifyStatic, {
    root: join(source.directory, 'assets'),
    prefix: '/assets/',
    // File names carry a content hash: a changed file has a new name, so browsers may keep these for a year.
    immutable: true,
    maxAge: '365d',
    index: false,
    dotfiles: 'deny',
    suppressWarning: true,
  });
}

/**
 * Answers a GET for a UI path (anything but the API and metrics) with the page; returns false when the request is
 * not the UI's to answer (the caller then sends its JSON 404).
 */
export async function answerWithWebUi(
  source: WebUiSource,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  if (RESERVED.test(path) || path.startsWith('/assets/')) return false;
  // A path with a file extension is a missing file, not a screen of the UI.
  if (/\.[a-z0-9]{1,8}$/i.test(path)) return false;
  const state = source.state();
  if (state.kind === 'ready' && source.directory !== null) {
    const html = await readFile(join(source.directory, 'index.html'), 'utf8').catch(() => null);
    if (html !== null) {
      reply.status(200).headers(pageHeaders).type('text/html; charset=utf-8').send(html);
      return true;
    }
  }
  const message =
    state.kind === 'unavailable'
      ? `The web interface is not available: ${state.reason}`
      : state.kind === 'building'
        ? 'Covenant is preparing its web interface. This page reloads by itself in a moment.'
        : 'The web interface has not been built. Run "npm run build:web" or restart the server with "npm start".';
  reply
    .status(503)
    .headers({ ...pageHeaders, 'retry-after': '2' })
    .type('text/html; charset=utf-8')
    .send(placeholderPage(message, state.kind === 'building'));
  return true;
}

function placeholderPage(message: string, reload: boolean): string {
  const escaped = message.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${reload ? '<meta http-equiv="refresh" content="2">' : ''}<title>Covenant</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 15vh auto; padding: 0 1rem; color: #1b1f24">
<main><h1>Covenant</h1><p role="status">${escaped}</p><p>The API is available at <a href="/api/docs">/api/docs</a>.</p></main>
</body></html>`;
}
