import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, lockDataDirectory } from '../../src/store/data-directory-lock.ts';
import { runCli } from '../support/run-cli.ts';

describe('the embedded database data-directory lock', () => {
  it('refuses a second holder in the same process and releases on request', () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-lock-'));
    const lock = lockDataDirectory(directory);
    expect(() => lockDataDirectory(directory)).toThrow(DataDirectoryLockedError);
    lock.release();
    lockDataDirectory(directory).release();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-lock-'));
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(
      join(directory, 'covenant.lock'),
      JSON.stringify({ pid: gone.pid, host: (await import('node:os')).hostname() }),
    );
    lockDataDirectory(directory).release();
  });

  it('makes a CLI command that changes data refuse clearly while another process holds the directory', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-lock-'));
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { lockDataDirectory } = await import('./src/store/data-directory-lock.ts'); lockDataDirectory(${JSON.stringify(directory)}); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      // The holder says when it holds the lock (starting tsx can take seconds on a busy machine).
      await new Promise<void>((resolve, reject) => {
        let output = '';
        holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('locked')) resolve();
        });
        holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before it held the lock`)));
      });
      const result = await runCli(['migrate'], { env: { COVENANT_DATA_DIR: directory } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('DATA_DIRECTORY_LOCKED');
      expect(result.stderr).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });
});
