/**
 * Finding 4 of issue 19: `covenant users reset-password` and `covenant users create-admin`, run as a user runs them
 * (the real binary), on the embedded data directory and on PostgreSQL; then the new password signs in through the API.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { bootstrapWorkspace } from '../../src/app/identity/bootstrap-workspace.ts';
import { createUser } from '../../src/app/identity/manage-users.ts';
import type { UsersCommandHandlers } from '../../src/cli/commands/users.command.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { buildServer } from '../../src/http/server.ts';
import { composeHeadless } from '../../src/main/composition.ts';
import { type DatabaseHandle, openEmbedded } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { auditLog } from '../../src/store/schema.ts';
import { testConfig } from '../support/api-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { testBackends } from '../support/test-database.ts';

interface Backend {
  readonly name: string;
  /** Prepares the database and returns the environment the CLI runs with. */
  setUp(): Promise<Record<string, string>>;
  /** The database, opened for the test process (the embedded one only while no command runs). */
  use<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  tearDown(): Promise<void>;
}

const embedded = (): Backend => {
  const directory = mkdtempSync(join(tmpdir(), 'covenant-users-cli-'));
  return {
    name: 'embedded',
    async setUp() {
      return { COVENANT_DATA_DIR: directory, DATABASE_URL: '' };
    },
    async use(work) {
      const handle = await openEmbedded(directory);
      try {
        return await work(handle);
      } finally {
        await handle.close();
      }
    },
    async tearDown() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
};

const postgres = (): Backend => {
  let handle: DatabaseHandle;
  return {
    name: 'postgres',
    async setUp() {
      handle = await testBackends.find((backend) => backend.name === 'postgres')!.open();
      return { DATABASE_URL: handle.location, COVENANT_DATA_DIR: join(tmpdir(), 'covenant-users-cli-unused') };
    },
    use: (work) => work(handle),
    tearDown: () => handle?.close(),
  };
};

const backends = [embedded(), ...(testBackends.some((backend) => backend.name === 'postgres') ? [postgres()] : [])];
const firstPassword = 'the first start password';

describe.each(backends)('covenant users ($name)', (backend) => {
  let environment: Record<string, string>;
  const covenant = (args: string[], stdin?: string) =>
    runCli(['users', ...args], { env: { ...environment, COVENANT_LOG_LEVEL: 'silent' }, stdin });

  beforeAll(async () => {
    environment = await backend.setUp();
    await backend.use(async (handle) => {
      await migrate(handle.db);
      const dependencies = composeHeadless(testConfig, handle, 'test');
      await bootstrapWorkspace(dependencies, { adminPassword: firstPassword });
      const second = await dependencies.store.read.workspaces.create({ slug: 'second', name: 'Second' });
      for (const workspaceId of [(await dependencies.store.read.workspaces.findBySlug('default'))!.id, second.id]) {
        await createUser(dependencies, systemPrincipal(workspaceId), {
          email: 'both@provider.example',
          name: 'In both',
          role: 'viewer',
          password: 'a password in both workspaces',
        });
      }
    });
  });
  afterAll(() => backend.tearDown());

  /** Signs in through the API (the HTTP pipeline over the same database) and returns the status and body. */
  const signIn = (email: string, password: string, workspace?: string) =>
    backend.use(async (handle) => {
      const app = await buildServer(composeHeadless(testConfig, handle, 'test'));
      try {
        const answer = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password, ...(workspace ? { workspace } : {}) },
        });
        return { status: answer.statusCode, body: answer.json() };
      } finally {
        await app.close();
      }
    });

  it('reset-password prints a new password that signs in, ends the old one, and is audited', async () => {
    const reset = await covenant(['reset-password', '--email', 'Admin@Covenant.local', '--json']);
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    const result = JSON.parse(reset.stdout);
    expect(result).toMatchObject({ workspace: 'default', email: 'admin@covenant.local', role: 'admin' });
    expect(result.generatedPassword).toMatch(/^\S{12,}$/);
    expect((await signIn('admin@covenant.local', result.generatedPassword)).status).toBe(200);
    expect((await signIn('admin@covenant.local', firstPassword)).status).toBe(401);
    const audited = await backend.use((handle) =>
      handle.db
        .select({ action: auditLog.action, actor: auditLog.actorLabel })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, result.userId), eq(auditLog.action, 'user.updated'))),
    );
    expect(audited).toEqual([{ action: 'user.updated', actor: 'covenant users reset-password (command line)' }]);
  });

  it.runIf(backend.name === 'embedded')(
    'reset-password --password-stdin sets the password read, and shows none',
    async () => {
      const chosen = 'chosen by the owner 2026';
      const reset = await covenant(
        ['reset-password', '--email', 'both@provider.example', '--workspace', 'second', '--password-stdin'],
        `${chosen}\n`,
      );
      expect(reset.stderr).toBe('');
      expect(reset.code).toBe(0);
      expect(reset.stdout).toBe('both@provider.example in workspace "second" (viewer): password reset\n');
      const signedIn = await signIn('both@provider.example', chosen);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.workspace).toBe('second');
    },
  );

  it('create-admin creates an administrator who signs in', async () => {
    if (backend.name === 'embedded') {
      const unnamed = await covenant(['create-admin', '--email', 'ops@provider.example', '--json']);
      expect(unnamed.code).toBe(2);
      expect(JSON.parse(unnamed.stdout).error.code).toBe('WORKSPACE_REQUIRED'); // two workspaces: name one
    }
    const created = await covenant([
      'create-admin',
      '--email',
      'ops@provider.example',
      '--name',
      'Ops',
      '--workspace',
      'default',
      '--json',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const result = JSON.parse(created.stdout);
    expect(result).toMatchObject({ workspace: 'default', email: 'ops@provider.example', role: 'admin' });
    const signedIn = await signIn('ops@provider.example', result.generatedPassword);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ name: 'Ops', role: 'admin' });
  });

  it('refuses an unknown e-mail address or workspace with a clear message, a stable code and exit code 2', async () => {
    const unknownUser = await covenant(['reset-password', '--email', 'nobody@provider.example', '--json']);
    expect(unknownUser.code).toBe(2);
    expect(JSON.parse(unknownUser.stdout).error).toMatchObject({
      code: 'USER_UNKNOWN',
      message: expect.stringContaining('no user with the e-mail address nobody@provider.example'),
    });
    if (backend.name !== 'embedded') return; // the rest does not depend on the database (each run costs seconds)
    const unknownWorkspace = await covenant(['reset-password', '--email', 'both@provider.example', '-w', 'nope']);
    expect(unknownWorkspace.code).toBe(2);
    expect(unknownWorkspace.stderr).toBe(
      'error [WORKSPACE_UNKNOWN]: no workspace nope (the database holds default, second)\n',
    );
    const ambiguous = await covenant(['reset-password', '--email', 'both@provider.example', '--json']);
    expect(ambiguous.code).toBe(2);
    expect(JSON.parse(ambiguous.stdout).error.code).toBe('WORKSPACE_REQUIRED');
    const exists = await covenant(['create-admin', '--email', 'admin@covenant.local', '-w', 'default', '--json']);
    expect(exists.code).toBe(2);
    expect(JSON.parse(exists.stdout).error.code).toBe('USER_EXISTS');
  });

  it.runIf(backend.name === 'embedded')(
    'refuses while a server holds the embedded database, and says what to do',
    async () => {
      await backend.use(async () => {
        const refused = await covenant(['reset-password', '--email', 'admin@covenant.local']);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('error [DATA_DIRECTORY_LOCKED]');
        expect(refused.stderr).toContain('stop the server and run this command again');
      });
    },
  );
});

/** The checks made before any database is opened, run in this process (the real binary costs seconds a run). */
describe('covenant users: input checked before the database', () => {
  const run = async (args: string[], stdin = '') => {
    let stdout = '';
    let stderr = '';
    const sink = (write: (text: string) => void) =>
      new Writable({
        write(chunk, _encoding, done) {
          write(String(chunk));
          done();
        },
      });
    const calls: unknown[] = [];
    const handlers: UsersCommandHandlers = {
      resetPassword: async (request) => {
        calls.push(request);
        throw new Error('not reached');
      },
      createAdmin: async (request) => {
        calls.push(request);
        throw new Error('not reached');
      },
    };
    const io = {
      stdout: sink((text) => (stdout += text)),
      stderr: sink((text) => (stderr += text)),
      stdin: Readable.from([stdin]),
      now: () => 0,
      cwd: process.cwd(),
    };
    const exitCode = process.exitCode;
    try {
      await buildProgram(io, 'test', undefined, undefined, handlers).parseAsync(['node', 'covenant', 'users', ...args]);
      return { code: process.exitCode, stdout, stderr, calls };
    } finally {
      process.exitCode = exitCode;
    }
  };

  it('refuses a malformed e-mail address and a short password with exit code 2', async () => {
    const badEmail = await run(['create-admin', '--email', 'not-an-address', '--json']);
    expect(badEmail.code).toBe(2);
    expect(JSON.parse(badEmail.stdout).error.code).toBe('EMAIL_INVALID');
    const short = await run(['reset-password', '--email', 'admin@covenant.local', '--password-stdin'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      'error [PASSWORD_INVALID]: the password read from standard input must be 12 to 200 characters long (it has 5)\n',
    );
    expect([...badEmail.calls, ...short.calls]).toEqual([]);
  });
});
