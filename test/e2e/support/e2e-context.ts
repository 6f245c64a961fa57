/** What the e2e global set-up hands to the test files: the server's address and the people who sign in. */

import { join } from 'node:path';

/** Debian's Chromium; CI installs it with apt-get. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where the screenshots of the main screens go (a test artifact, gitignored). */
export const screenshotDirectory = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

export interface E2eUser {
  readonly email: string;
  readonly password: string;
}

export interface E2eContext {
  /** Why the browser tests cannot run here (no Chromium); null when they can. */
  readonly skipReason: string | null;
  readonly baseUrl: string;
  readonly admin: E2eUser;
  readonly manager: E2eUser;
  /** A representative of the demo customer Stalmet, and one of BrightCart (the other customer). */
  readonly stalmet: E2eUser & { readonly customerId: string };
  readonly brightcart: E2eUser & { readonly customerId: string };
  /** Whether the server has the report endpoint (PDF/CSV exports); another engineer builds it. */
  readonly hasReportEndpoint: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}
