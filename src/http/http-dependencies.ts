/** What the HTTP layer is given by the composition root. */
import type { PasswordHasher, RandomSource } from '../app/ports/security.ts';
import type { Clock, Store } from '../app/ports/store.ts';
import type { EventRecorder } from '../app/tickets/coalescing-event-recorder.ts';
import type { RebuildClocks } from '../app/tickets/rebuild-clocks.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Metrics } from './metrics.ts';
import type { WebUiSource } from './web-ui.ts';

export interface HttpDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly random: RandomSource;
  readonly loginThrottle: LoginThrottle;
  readonly metrics: Metrics;
  /** Records ticket events, together with other requests' when they queue up. */
  readonly eventRecorder: EventRecorder;
  /** Send the session cookie with the Secure flag (behind https). */
  readonly secureCookies: boolean;
  readonly version: string;
  /** Rebuilds clock projections after a calendar edit or an amendment that applies to open tickets (when wired). */
  readonly rebuildClocks?: RebuildClocks;
  /** Outgoing e-mail as configured (host and sender only, never credentials); absent: not configured. */
  readonly emailSettings?: { configured: boolean; host: string | null; from: string | null };
  /** The built web UI served at / (absent: the server answers the API only). */
  readonly webUi?: WebUiSource;
}
