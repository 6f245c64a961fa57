/** Composition root of the command-line program: wires the real process streams and clock into the CLI. */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { exitCodes } from '../cli/cli-io.ts';
import { buildProgram } from '../cli/program.ts';
import { serverCommandHandlers } from './server-commands.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = buildProgram(
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, now: () => Date.now(), cwd: process.cwd() },
  version,
  serverCommandHandlers(version, (line) => process.stdout.write(`${line}\n`)),
  {
    // Loaded on use: reports bring the PDF renderer and its fonts, which other commands do not need.
    handlers: {
      report: async (request) => (await import('./report-command.ts')).reportCommandHandlers(version).report(request),
    },
    isTerminal: () => process.stdout.isTTY === true,
  },
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
  } else {
    process.stderr.write(`error [INTERNAL_ERROR]: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = exitCodes.failure;
  }
}
