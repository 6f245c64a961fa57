/**
 * `covenant users reset-password` and `covenant users create-admin`: the way back in when no administrator can sign in
 * (a lost first-start password, a departed administrator). They work on the database directly, embedded or PostgreSQL,
 * like the other database commands; their work is composed in src/main and handed in, so the CLI stays an adapter.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { CliError, type CliIo, exitCodes, reportError } from '../cli-io.ts';

/** The shortest and longest password accepted, as for the API's users and COVENANT_ADMIN_PASSWORD. */
export const PASSWORD_LENGTH = { min: 12, max: 200 } as const;

export interface UserAccountResult {
  readonly workspace: string;
  readonly email: string;
  readonly userId: string;
  readonly role: string;
  readonly disabled: boolean;
  /** The generated password, shown once; null when it was read from standard input. */
  readonly generatedPassword: string | null;
}

export interface UsersCommandHandlers {
  resetPassword(request: {
    email: string;
    workspace?: string | undefined;
    password?: string | undefined;
  }): Promise<UserAccountResult>;
  createAdmin(request: {
    email: string;
    name?: string | undefined;
    workspace?: string | undefined;
    password?: string | undefined;
  }): Promise<UserAccountResult>;
}

interface AccountOptions {
  email: string;
  workspace?: string;
  name?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

const ENVIRONMENT =
  '\nEnvironment: DATABASE_URL (PostgreSQL) or COVENANT_DATA_DIR (.covenant, the embedded database), as for the server.\n' +
  'The embedded database admits one process at a time: stop the server first (while it runs, an administrator can\n' +
  'set a password on the Users page or with PATCH /api/v1/users/{id}).\n' +
  'Without --password-stdin a password is generated and printed once. The change is recorded in the audit log.';

export function usersCommand(io: CliIo, handlers: UsersCommandHandlers): Command {
  const users = new Command('users').description(
    "the workspace's users, on the database directly: a way back in when no administrator can sign in",
  );
  users
    .command('reset-password')
    .description("set a new password for a user (ends the user's sessions)")
    .requiredOption('-e, --email <address>', "the user's e-mail address")
    .option('-w, --workspace <slug>', 'the workspace (needed when the address is a user in several)')
    .option('--password-stdin', `read the new password from standard input (${PASSWORD_LENGTH.min} characters or more)`)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `${ENVIRONMENT}\nExamples:\n  covenant users reset-password --email admin@covenant.local\n` +
        '  printf %s "$NEW_PASSWORD" | covenant users reset-password --email anna@provider.example --password-stdin\n',
    )
    .action(async (options: AccountOptions) => {
      try {
        const password = options.passwordStdin ? await readPassword(io) : undefined;
        const result = await handlers.resetPassword({ email: options.email, workspace: options.workspace, password });
        print(io, result, options.json === true, 'password reset');
        process.exitCode = exitCodes.ok;
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
  users
    .command('create-admin')
    .description('create an administrator in a workspace')
    .requiredOption('-e, --email <address>', 'the e-mail address to sign in with')
    .option('-n, --name <name>', 'the name shown in the application', 'Administrator')
    .option('-w, --workspace <slug>', 'the workspace (needed when the database holds several)')
    .option('--password-stdin', `read the password from standard input (${PASSWORD_LENGTH.min} characters or more)`)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `${ENVIRONMENT}\nExample:\n  covenant users create-admin --email ops@provider.example\n`)
    .action(async (options: AccountOptions) => {
      try {
        if (!z.email().safeParse(options.email).success) {
          throw new CliError(
            'EMAIL_INVALID',
            `--email must be an e-mail address such as anna@example.com: ${options.email}`,
          );
        }
        const name = options.name?.trim() ?? '';
        if (name === '' || name.length > 200) {
          throw new CliError('NAME_INVALID', '--name must be between 1 and 200 characters long');
        }
        const password = options.passwordStdin ? await readPassword(io) : undefined;
        const result = await handlers.createAdmin({
          email: options.email,
          name,
          workspace: options.workspace,
          password,
        });
        print(io, result, options.json === true, 'administrator created');
        process.exitCode = exitCodes.ok;
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
  return users;
}

/** The whole of standard input less one final line break, checked against the password rules. */
async function readPassword(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const password = text.replace(/\r?\n$/, '');
  if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
    throw new CliError(
      'PASSWORD_INVALID',
      `the password read from standard input must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters ` +
        `long (it has ${password.length})`,
    );
  }
  return password;
}

function print(io: CliIo, result: UserAccountResult, json: boolean, done: string): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  io.stdout.write(`${result.email} in workspace "${result.workspace}" (${result.role}): ${done}\n`);
  if (result.generatedPassword !== null) {
    io.stdout.write(`  sign in with the password ${result.generatedPassword}\n`);
    io.stdout.write('  (this password is shown once; change it after signing in)\n');
  }
  if (result.disabled) {
    io.stdout.write('  note: this user is disabled and cannot sign in until an administrator enables it again\n');
  }
}
