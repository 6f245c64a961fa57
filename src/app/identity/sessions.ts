/**
 * Signing in and out, and turning a session cookie or an API token back into a principal. Session cookies and API
 * tokens are random secrets; only their SHA-256 is stored, so a database leak does not hand out sessions.
 */
import { sha256Hex } from '../../core/canonical-json.ts';
import { type Principal, unauthenticated } from '../access/principal.ts';
import { AppError, invalid } from '../app-error.ts';
import type { UserRecord } from '../ports/identity-repositories.ts';
import type { PasswordHasher, RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';

/** Absolute lifetime of a session: a working day and then some. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
export const API_TOKEN_PREFIX = 'cov_';
const TOKEN_TOUCH_INTERVAL_MS = 60_000;
/** An argon2id hash of a random secret nobody knows: verified when the e-mail is unknown, to take the same time. */
const TIMING_EQUALISER_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$safw3CcnUMKCK2D0maQXCg$yFmV/0nxzibqjtp6OOyaYOTOiVQCE0NDuHZ1Nh9aX8Q';

export interface SignInDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly random: RandomSource;
}

export interface SignedIn {
  /** The session cookie value (shown to the browser only). */
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
  readonly user: UserRecord;
  readonly workspaceSlug: string;
}

const invalidCredentials = () =>
  new AppError('unauthenticated', 'INVALID_CREDENTIALS', 'the e-mail address or the password is wrong');

export async function signIn(
  dependencies: SignInDependencies,
  input: { email: string; password: string; workspace?: string | undefined },
): Promise<SignedIn> {
  const { store, clock, passwords, random } = dependencies;
  let candidates = await store.read.users.findByEmailAnyWorkspace(input.email);
  if (input.workspace !== undefined) {
    const workspace = await store.read.workspaces.findBySlug(input.workspace);
    candidates = candidates.filter((candidate) => candidate.workspaceId === workspace?.id);
  }
  // The password is checked against every candidate before anything else is said, so the answer to a wrong password
  // is the same whether the address exists in no, one or several workspaces (decision 0033). A hash is verified even
  // when there is no such user, and the hashes are verified together (argon2 runs on libuv's thread pool, four
  // threads by default), so the time taken says little about how many workspaces the address is in either.
  const hashes =
    candidates.length === 0
      ? [TIMING_EQUALISER_HASH]
      : candidates.map((candidate) => candidate.passwordHash ?? TIMING_EQUALISER_HASH);
  const verified = await Promise.all(hashes.map((hash) => passwords.verify(hash, input.password).catch(() => false)));
  const matching = candidates.filter(
    (candidate, index) => verified[index] === true && candidate.passwordHash !== null && candidate.disabledAt === null,
  );
  if (matching.length === 0) throw invalidCredentials();
  if (matching.length > 1) {
    throw invalid(
      'WORKSPACE_REQUIRED',
      'this e-mail address and password sign in to several workspaces: name the workspace to sign in to',
      { workspaces: matching.length },
    );
  }
  const user = matching[0]!;
  const workspace = await store.read.workspaces.get(user.workspaceId);
  const sessionToken = random.token(32);
  const csrfToken = random.token(24);
  const expiresAt = clock.now() + SESSION_LIFETIME_MS;
  await store.read.sessions.create({
    tokenHash: sha256Hex(sessionToken),
    workspaceId: user.workspaceId,
    userId: user.id,
    csrfToken,
    expiresAt,
  });
  const { passwordHash: _omit, ...record } = user;
  return { sessionToken, csrfToken, expiresAt, user: record, workspaceSlug: workspace?.slug ?? '' };
}

export async function signOut(store: Store, sessionToken: string): Promise<void> {
  await store.read.sessions.delete(sha256Hex(sessionToken));
}

export interface AuthenticatedSession {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly user: UserRecord;
}

/** The principal of a session cookie; null when the session is unknown, expired or its user disabled. */
export async function authenticateSession(
  store: Store,
  clock: Clock,
  sessionToken: string,
): Promise<AuthenticatedSession | null> {
  const session = await store.read.sessions.find(sha256Hex(sessionToken));
  if (!session) return null;
  if (session.expiresAt <= clock.now()) {
    await store.read.sessions.delete(session.tokenHash);
    return null;
  }
  const user = await store.read.users.get(session.workspaceId, session.userId);
  if (!user || user.disabledAt !== null) return null;
  return {
    principal: {
      workspaceId: user.workspaceId,
      role: user.role,
      customerId: user.customerId,
      userId: user.id,
      tokenId: null,
      label: user.email,
    },
    csrfToken: session.csrfToken,
    user,
  };
}

/** The principal of an API token (`cov_...`); throws UNAUTHENTICATED for an unknown or revoked token. */
export async function authenticateToken(store: Store, clock: Clock, token: string): Promise<Principal> {
  if (!token.startsWith(API_TOKEN_PREFIX)) throw unauthenticated('the bearer token is not a Covenant API token');
  const hash = sha256Hex(token);
  const now = clock.now();
  const verified = store.read.caches.apiTokens;
  let entry = verified.fresh(hash, now);
  if (!entry) {
    const record = await store.read.tokens.findActiveByHash(hash);
    if (!record) {
      verified.forgetHash(hash);
      throw unauthenticated('the API token is unknown or revoked');
    }
    entry = verified.remember(hash, record, now);
  }
  const { record } = entry;
  // Record use at most once a minute: a write per request would queue every request of a busy integration on one
  // row. The remembered record takes the new instant before the write, so the requests arriving meanwhile skip it.
  if (record.lastUsedAt === null || now - record.lastUsedAt > TOKEN_TOUCH_INTERVAL_MS) {
    entry.record = { ...record, lastUsedAt: now };
    await store.read.tokens.touch(record.id, now);
  }
  return {
    workspaceId: record.workspaceId,
    role: record.role,
    customerId: record.customerId,
    userId: null,
    tokenId: record.id,
    label: `token ${record.name}`,
  };
}

export function newApiTokenSecret(random: RandomSource): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${random.token(32)}`;
  return { token, hash: sha256Hex(token), prefix: token.slice(0, 10) };
}
