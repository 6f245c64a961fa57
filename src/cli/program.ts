/** The `covenant` command-line program: one sub-command per verb, each in `commands/`. */
import { Command } from 'commander';
import type { CliIo } from './cli-io.ts';
import { clockCommand } from './commands/clock.command.ts';
import { connectorCommand } from './commands/connector.command.ts';
import { importCommand } from './commands/import.command.ts';
import { lintCommand } from './commands/lint.command.ts';
import { mailCommand } from './commands/mail.command.ts';
import { replayCommand } from './commands/replay.command.ts';
import { type ReportCommandHandlers, reportCommand } from './commands/report.command.ts';
import { type ServerCommandHandlers, serverCommands } from './commands/server.command.ts';
import { type UsersCommandHandlers, usersCommand } from './commands/users.command.ts';

export function buildProgram(
  io: CliIo,
  version: string,
  server?: ServerCommandHandlers,
  report?: { handlers: ReportCommandHandlers; isTerminal: () => boolean },
  users?: UsersCommandHandlers,
): Command {
  const program = new Command('covenant')
    .description('Covenant: SLA management - agreements as code, business-hours clocks, measurement and credits.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure (or lint errors), 2 bad input, 3 no result (e.g. a calendar that never opens again).\n' +
        'Examples:\n' +
        '  covenant clock add --calendar examples/calendars/new-york-office.yaml --start 2024-01-12T16:30:00-05:00 --minutes 60\n' +
        '  covenant clock elapsed --calendar 24x7 --from 2024-11-03T00:00:00-04:00 --to 2024-11-04T00:00:00-05:00\n' +
        '  covenant users reset-password --email admin@covenant.local   (a lost administrator password)\n' +
        '  covenant mail explain message.eml --json   (what e-mail intake would do with a message)\n' +
        '  covenant connector explain --vendor github --event issues payload.json   (what a webhook payload becomes)\n',
    );
  if (server) for (const command of serverCommands(io, server)) program.addCommand(command);
  program.addCommand(clockCommand(io));
  program.addCommand(connectorCommand(io));
  program.addCommand(importCommand(io));
  program.addCommand(lintCommand(io));
  program.addCommand(mailCommand(io));
  program.addCommand(replayCommand(io));
  if (report) program.addCommand(reportCommand(io, report.handlers, report.isTerminal));
  if (users) program.addCommand(usersCommand(io, users));
  applyToAllCommands(program, (command) =>
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    }),
  );
  return program;
}

/** Commands added with addCommand do not inherit settings, so apply them to the whole tree. */
function applyToAllCommands(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToAllCommands(child, apply);
}
