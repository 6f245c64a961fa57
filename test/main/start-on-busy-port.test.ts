/**
 * Finding 4 of issue 19: a first start on a port in use created the workspace and an administrator with a generated
 * password, then failed to listen (after 38 s) without ever showing the password. Now the address is checked before
 * anything is opened or created, and the failure is immediate and says what to do.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type RunningServer, startServer } from '../../src/main/serve.ts';
import { runCli } from '../support/run-cli.ts';

describe('a first start on a port in use', () => {
  const parent = mkdtempSync(join(tmpdir(), 'covenant-busy-port-'));
  const dataDir = join(parent, 'data');
  let occupier: Server;
  let busyPort: number;
  let server: RunningServer | null = null;

  beforeAll(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', () => resolve()));
    busyPort = (occupier.address() as { port: number }).port;
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => occupier.close(resolve));
    rmSync(parent, { recursive: true, force: true });
  });

  const configOn = (port: number) =>
    loadConfig(
      { PORT: String(port), HOST: '127.0.0.1', COVENANT_DATA_DIR: dataDir, COVENANT_LOG_LEVEL: 'silent' },
      parent,
    );

  it('fails at once with a clear message and creates nothing; a start on a free port then prints a working login', async () => {
    const lines: string[] = [];
    const failed = await startServer(
      { demo: false, version: 'test', print: (line) => lines.push(line) },
      configOn(busyPort),
    ).then(
      () => null,
      (error: unknown) => error as { code?: string; message: string },
    );
    expect(failed?.code).toBe('ADDRESS_IN_USE');
    expect(failed?.message).toContain(`127.0.0.1:${busyPort}`);
    expect(failed?.message).toContain('Nothing was created or changed');
    expect(existsSync(dataDir)).toBe(false);
    expect(lines).toEqual([]);

    server = await startServer({ demo: false, version: 'test', print: (line) => lines.push(line) }, configOn(0));
    const signIn = lines.map((line) => /sign in as (\S+) with the password (\S+)/.exec(line)).find(Boolean);
    expect(signIn, lines.join('\n')).toBeTruthy();
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: signIn![1], password: signIn![2] }),
    });
    expect(login.status).toBe(200);
  });

  it('`covenant serve` exits with ADDRESS_IN_USE before opening the data directory', async () => {
    const elsewhere = join(parent, 'cli-data');
    const result = await runCli(['serve', '--no-demo'], {
      env: {
        PORT: String(busyPort),
        HOST: '127.0.0.1',
        COVENANT_DATA_DIR: elsewhere,
        DATABASE_URL: '',
        COVENANT_LOG_LEVEL: 'silent',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [ADDRESS_IN_USE]: cannot listen on 127.0.0.1');
    expect(result.stderr).toContain('PORT=');
    expect(existsSync(elsewhere)).toBe(false);
  });
});
