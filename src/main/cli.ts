/** Composition root of the command-line program: wires the real process streams and clock into the CLI. */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { exitCodes } from '../cli/cli-io.ts';
import type { ServerCommandHandlers } from '../cli/commands/server.command.ts';
import { buildProgram } from '../cli/program.ts';
import { safeStackOf } from '../http/log-safety.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const print = (line: string) => process.stdout.write(`${line}\n`);
// Loaded on use: the server commands bring the HTTP server, the database drivers and every use-case, which clock, lint
// and replay do not need (`covenant clock add` starts in about 1.2 s instead of 3 s on a two-core machine).
const loadServer = async () => (await import('./server-commands.ts')).serverCommandHandlers(version, print);
const loadUsers = async () => (await import('./users-command.ts')).usersCommandHandlers(version);
const lazyServer: ServerCommandHandlers = {
  serve: async (options) => (await loadServer()).serve(options),
  worker: async () => (await loadServer()).worker(),
  migrate: async () => (await loadServer()).migrate(),
  verifyAudit: async (options) => (await loadServer()).verifyAudit(options),
  rebuild: async (options) => (await loadServer()).rebuild(options),
};

const program = buildProgram(
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, now: () => Date.now(), cwd: process.cwd() },
  version,
  lazyServer,
  {
    // Loaded on use: reports bring the PDF renderer and its fonts, which other commands do not need.
    handlers: {
      report: async (request) => (await import('./report-command.ts')).reportCommandHandlers(version).report(request),
    },
    isTerminal: () => process.stdout.isTTY === true,
  },
  {
    // Loaded on use, like the server commands: they bring the database drivers and the use-cases.
    resetPassword: async (request) => (await loadUsers()).resetPassword(request),
    createAdmin: async (request) => (await loadUsers()).createAdmin(request),
  },
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
  } else {
    // Without the values a failed query carried (decision 0034).
    process.stderr.write(`error [INTERNAL_ERROR]: ${safeStackOf(error)}\n`);
    process.exitCode = exitCodes.failure;
  }
}
