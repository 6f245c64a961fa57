/** Storage ports of workspaces, users, sessions and API tokens. Instants are epoch milliseconds. */
import type { Role } from '../access/roles.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface WorkspaceRecord {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface WorkspaceRepository {
  create(input: { slug: string; name: string }): Promise<WorkspaceRecord>;
  findBySlug(slug: string): Promise<WorkspaceRecord | null>;
  get(id: string): Promise<WorkspaceRecord | null>;
  count(): Promise<number>;
}

export interface UserRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly timezone: string | null;
  readonly disabledAt: number | null;
  readonly createdAt: number;
}

export interface UserWithPassword extends UserRecord {
  readonly passwordHash: string | null;
}

export interface UserRepository {
  create(input: {
    workspaceId: string;
    email: string;
    name: string;
    role: Role;
    customerId: string | null;
    passwordHash: string | null;
    timezone: string | null;
  }): Promise<UserRecord>;
  get(workspaceId: string, id: string): Promise<UserRecord | null>;
  /** Users with this e-mail in any workspace (sign-in resolves the workspace from them). */
  findByEmailAnyWorkspace(email: string): Promise<UserWithPassword[]>;
  findByEmail(workspaceId: string, email: string): Promise<UserRecord | null>;
  list(workspaceId: string, page: PageRequest, filter: { role?: Role; customerId?: string }): Promise<Page<UserRecord>>;
  update(
    workspaceId: string,
    id: string,
    changes: Partial<{
      name: string;
      role: Role;
      customerId: string | null;
      timezone: string | null;
      disabledAt: number | null;
      passwordHash: string;
    }>,
  ): Promise<UserRecord | null>;
}

export interface SessionRecord {
  readonly tokenHash: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | null>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly createdBy: string | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
  readonly createdAt: number;
}

export interface ApiTokenRepository {
  create(input: {
    workspaceId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    role: Role;
    customerId: string | null;
    createdBy: string | null;
  }): Promise<ApiTokenRecord>;
  findActiveByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  list(workspaceId: string, page: PageRequest): Promise<Page<ApiTokenRecord>>;
  get(workspaceId: string, id: string): Promise<ApiTokenRecord | null>;
  revoke(workspaceId: string, id: string, at: number): Promise<ApiTokenRecord | null>;
  touch(id: string, at: number): Promise<void>;
}
