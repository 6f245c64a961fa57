/**
 * Commands that need the database or the whole server: serve, migrate, audit verify. Their work is composed in
 * src/main and handed in, so the CLI stays an adapter.
 */
import { Command } from 'commander';
import { type CliIo, exitCodes, reportError } from '../cli-io.ts';

export interface AuditCheck {
  readonly workspace: string;
  readonly valid: boolean;
  readonly checked: number;
  readonly firstBroken: { sequence: number; reason: string } | null;
}

export interface ServerCommandHandlers {
  serve(options: { demo: boolean }): Promise<void>;
  /** Runs the scheduler (due-clock sweep, outbox delivery) until SIGTERM/SIGINT. */
  worker(): Promise<void>;
  migrate(): Promise<{ applied: string[]; location: string }>;
  verifyAudit(options: { workspace?: string | undefined }): Promise<AuditCheck[]>;
  rebuild(options: {
    workspace?: string | undefined;
    agreement?: string | undefined;
    onlyOpen: boolean;
  }): Promise<{ workspace: string; tickets: number; clocks: number }[]>;
}

export function serverCommands(io: CliIo, handlers: ServerCommandHandlers): Command[] {
  const serve = new Command('serve')
    .description('start the server (embedded database unless DATABASE_URL is set); stops on SIGTERM/SIGINT')
    .option('--no-demo', 'do not load the demo data on first start')
    .addHelpText(
      'after',
      '\nEnvironment: PORT (3000), HOST (127.0.0.1), DATABASE_URL, COVENANT_DATA_DIR (.covenant),\n' +
        'COVENANT_ADMIN_EMAIL, COVENANT_ADMIN_PASSWORD, COVENANT_PUBLIC_URL, COVENANT_LOG_LEVEL (info), COVENANT_SWEEP (on),\n' +
        'COVENANT_SMTP_URL, COVENANT_MAIL_FROM, COVENANT_TRUST_PROXY (proxies whose X-Forwarded-For is believed).\n' +
        'The address is checked before anything is created: a port in use fails at once (ADDRESS_IN_USE).\n' +
        'A lost administrator password: covenant users reset-password --email <address>.',
    )
    .action(async (options: { demo: boolean }) => {
      try {
        await handlers.serve({ demo: options.demo });
      } catch (error) {
        process.exitCode = reportError(io, error, false);
      }
    });

  const worker = new Command('worker')
    .description(
      'run the scheduler alone (due-clock sweep, e-mail and webhook delivery), apart from the web server;\n' +
        'any number may run against one PostgreSQL. Start the servers with COVENANT_SWEEP=off to leave it to workers.',
    )
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL, COVENANT_SMTP_URL, COVENANT_MAIL_FROM, COVENANT_PUBLIC_URL, COVENANT_LOG_LEVEL.',
    )
    .action(async () => {
      try {
        await handlers.worker();
      } catch (error) {
        process.exitCode = reportError(io, error, false);
      }
    });

  const migrate = new Command('migrate')
    .description('apply pending database migrations (the server also does this at start-up)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const { applied, location } = await handlers.migrate();
        if (options.json) io.stdout.write(`${JSON.stringify({ location, applied })}\n`);
        else
          io.stdout.write(
            applied.length === 0
              ? `${location}: the schema is up to date\n`
              : `${location}: applied ${applied.join(', ')}\n`,
          );
        process.exitCode = exitCodes.ok;
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });

  const audit = new Command('audit').description('the audit log');
  audit
    .command('verify')
    .description("verify every workspace's hash-chained audit log (detects changed, removed or reordered entries)")
    .option('-w, --workspace <slug>', 'only this workspace')
    .option('--json', 'print the result as JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      try {
        const checks = await handlers.verifyAudit({ workspace: options.workspace });
        if (options.json) io.stdout.write(`${JSON.stringify({ workspaces: checks })}\n`);
        else {
          for (const check of checks) {
            io.stdout.write(
              check.valid
                ? `${check.workspace}: OK, ${check.checked} entries verified\n`
                : `${check.workspace}: BROKEN at entry ${check.firstBroken!.sequence}: ${check.firstBroken!.reason} (${check.checked} entries verified before it)\n`,
            );
          }
        }
        process.exitCode = checks.every((check) => check.valid) ? exitCodes.ok : exitCodes.failure;
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
  const rebuild = new Command('rebuild')
    .description(
      'rebuild the clock projection from the ticket events (also done automatically for open tickets after a calendar edit or an amendment).\n' +
        'With the embedded database this needs the server stopped; while it runs, use POST /api/v1/tickets/rebuild.',
    )
    .option('-w, --workspace <slug>', 'only this workspace')
    .option('-a, --agreement <slug>', 'only tickets of this agreement (its metadata.id)')
    .option('--only-open', 'only tickets that are not closed or cancelled')
    .option('--json', 'print the result as JSON')
    .action(async (options: { workspace?: string; agreement?: string; onlyOpen?: boolean; json?: boolean }) => {
      try {
        const results = await handlers.rebuild({
          workspace: options.workspace,
          agreement: options.agreement,
          onlyOpen: options.onlyOpen === true,
        });
        if (options.json) io.stdout.write(`${JSON.stringify({ workspaces: results })}\n`);
        else
          for (const result of results)
            io.stdout.write(`${result.workspace}: rebuilt ${result.clocks} clocks of ${result.tickets} tickets\n`);
        process.exitCode = exitCodes.ok;
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
  return [serve, worker, migrate, audit, rebuild];
}
