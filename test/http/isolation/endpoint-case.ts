/** The shape of one isolation case: which endpoint, what it needs, what it targets, how to call it. */
import type { Permission } from '../../../src/app/access/roles.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';

export interface PreparedCall {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  /** Extra request headers (e.g. If-Match). */
  readonly headers?: Record<string, string>;
}

export interface EndpointCase {
  /** "METHOD /route/:pattern" exactly as registered. */
  readonly route: string;
  /** The permission the role table requires (any of a list); 'authenticated' for any signed-in principal. */
  readonly permission: Permission | readonly Permission[] | 'authenticated';
  /**
   * What the call targets: a row of customer acme (alpha), a workspace-level row of alpha, or nothing in particular
   * (a list or a create in the caller's own workspace).
   */
  readonly target: 'acme' | 'alpha' | 'own';
  /** Prepares a fresh call (destructive calls get their own target each time). */
  prepare(api: ApiFixture, actor: Actor): Promise<PreparedCall>;
  /** Call as each actor's signed-in user (session) instead of its API token: for steps only a person may take. */
  readonly signedIn?: boolean;
  /** Only customer representatives may call it (acting for the customer): provider roles get 403 like a role. */
  readonly customerPrincipalsOnly?: boolean;
  /**
   * The statuses that hide the target from an actor who may not see it; default 404. (A replayed Idempotency-Key of a
   * ticket the caller may not see answers 409: the key is taken, and nothing of its ticket is said.)
   */
  readonly hiddenStatus?: readonly number[];
  /** Ids that must never appear in the answer to this actor: in a list it may read, or in an answer that hides. */
  readonly forbiddenIds?: (api: ApiFixture, actor: Actor) => string[];
}
