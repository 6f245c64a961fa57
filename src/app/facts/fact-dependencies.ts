/** What the facts use-cases need: the store and the clock (audit instants, "not in the future", default announcements). */
import type { Clock, Store } from '../ports/store.ts';

export interface FactDependencies {
  readonly store: Store;
  readonly clock: Clock;
}
