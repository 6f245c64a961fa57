/**
 * The storage a use-case sees: repositories bound to one transaction. `transaction` runs a function with them and
 * commits everything it wrote, or nothing.
 */
import type { AuditRepository } from './audit-repository.ts';
import type { CustomerRepository } from './customer-repository.ts';
import type {
  ApiTokenRepository,
  SessionRepository,
  UserRepository,
  WorkspaceRepository,
} from './identity-repositories.ts';

export interface Repositories {
  readonly workspaces: WorkspaceRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: ApiTokenRepository;
  readonly customers: CustomerRepository;
  readonly audit: AuditRepository;
}

export interface Store {
  /** Repositories outside any transaction (single reads). */
  readonly read: Repositories;
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Whether the database answers and its schema is current. */
  readiness(): Promise<{ database: boolean; migrationsPending: readonly string[] }>;
}

/** Time as the application sees it: injected, so tests and replays control it. */
export interface Clock {
  now(): number;
}
