/**
 * A private Dovecot IMAP server for one test file: its own directory (config, base_dir, state, maildirs), its own
 * port, users with plain passwords in a passwd-file, and nothing shared with a system Dovecot (none needs to run).
 * Debian's `dovecot-imapd` provides /usr/sbin/dovecot; when it is missing, `dovecotMissing` says why and the tests
 * skip (`describe.skipIf(dovecotMissing !== null)`).
 *
 * Appending is one IMAP MULTIAPPEND command (RFC 3502) with non-synchronising literals (LITERAL+) per chunk of
 * messages, which imapflow cannot send. Measured here (2 cores, Dovecot 2.3.19): 10,000 small messages in ~2.9 s;
 * imapflow's one-APPEND-per-message took 1.8 s per 1,000 (~18 s for 10,000) and `doveadm save`, one process per
 * message, 47 ms each (~8 minutes for 10,000).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePort } from './free-port.ts';

const dovecotBinary = '/usr/sbin/dovecot';
const opensslBinary = '/usr/bin/openssl';

/** Why these tests cannot run here, or null when they can. */
export const dovecotMissing: string | null = existsSync(dovecotBinary)
  ? null
  : `${dovecotBinary} is missing: install Debian's dovecot-imapd (apt-get install -y dovecot-imapd) to run the IMAP tests`;

/** Why the TLS tests cannot run here (they also need openssl for a self-signed certificate), or null. */
export const dovecotTlsMissing: string | null =
  dovecotMissing ??
  (existsSync(opensslBinary)
    ? null
    : `${opensslBinary} is missing: install openssl (apt-get install -y openssl) to run the IMAP TLS tests`);

/** Prints why the IMAP tests skip; call once at the top of a test file. */
export function reportIfDovecotMissing(): void {
  if (dovecotMissing !== null) console.warn(`IMAP tests skipped: ${dovecotMissing}`);
  else if (dovecotTlsMissing !== null) console.warn(`IMAP TLS tests skipped: ${dovecotTlsMissing}`);
}

/**
 * Dovecot 2.3's post-login capabilities without IDLE. `imap_capability` replaces the whole list, so removing one
 * item means naming the rest.
 */
const capabilitiesWithoutIdle =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED ' +
  'I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE ' +
  'STATUS=SIZE SAVEDATE LITERAL+ NOTIFY';

export interface DovecotOptions {
  /** User name -> password. Default: `{ anna: 'anna-password' }`. */
  readonly users?: Readonly<Record<string, string>>;
  /** Adds an implicit-TLS listener (`tlsPort`) with a self-signed certificate; the plain port then offers STARTTLS. */
  readonly tls?: boolean;
  /** false: IDLE is not among the capabilities, so clients must poll. Default true. */
  readonly idle?: boolean;
  /** Keywords longer than this are refused (a STORE with one fails), to test a server that will not keep ours. */
  readonly maxKeywordLength?: number;
}

export interface MessageFlags {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly messageId: string | null;
}

export interface TestDovecot {
  readonly host: '127.0.0.1';
  /** Cleartext IMAP (STARTTLS offered when started with `tls`). */
  readonly port: number;
  /** Implicit TLS; 0 unless started with `tls`. */
  readonly tlsPort: number;
  /** PEM of the self-signed certificate (also the CA to trust); empty unless started with `tls`. */
  readonly certificate: string;
  readonly users: Readonly<Record<string, string>>;
  /**
   * Appends the messages in order (one MULTIAPPEND per chunk), creating the folder when missing; returns their UIDs.
   * `flags` (e.g. `['\\Seen']`) are set on each.
   */
  appendMessages(
    user: string,
    folder: string,
    raws: readonly (string | Uint8Array)[],
    flags?: readonly string[],
  ): Promise<number[]>;
  /** Every message of the folder in UID order with its flags and Message-ID. */
  flagsOf(user: string, folder: string): Promise<MessageFlags[]>;
  /** The folder's UIDVALIDITY. */
  uidValidityOf(user: string, folder: string): Promise<number>;
  /** Deletes the folder with its messages and creates it again: it comes back empty with a new UIDVALIDITY. */
  recreateFolder(user: string, folder: string): Promise<void>;
  createFolder(user: string, folder: string): Promise<void>;
  /** Stops the server (connections drop); `start` brings it back on the same port with the same mail. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): Promise<string>;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<TestDovecot> {
  if (dovecotMissing !== null) throw new Error(dovecotMissing);
  const users = options.users ?? { anna: 'anna-password' };
  const root = await mkdtemp(join(tmpdir(), 'covenant-dovecot-'));
  // The mail processes run as the mail user below, which must reach its home under this directory.
  await chmod(root, 0o755);
  const account = mailAccount();
  const home = join(root, 'home');
  await mkdir(home);
  await mkdir(join(root, 'run'));
  await mkdir(join(root, 'state'));
  if (account.chownTo) await chown(home, account.chownTo.uid, account.chownTo.gid);
  await writeFile(
    join(root, 'passwd'),
    Object.entries(users)
      .map(([user, password]) => `${user}:{PLAIN}${password}\n`)
      .join(''),
  );
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : 0;
  const certificate = options.tls ? await selfSignedCertificate(root) : '';
  const config = join(root, 'dovecot.conf');
  await writeFile(
    config,
    dovecotConfig({
      root,
      port,
      tlsPort,
      account,
      idle: options.idle ?? true,
      maxKeywordLength: options.maxKeywordLength,
    }),
  );

  let server: ChildProcess | null = null;
  let output = '';
  const start = async (): Promise<void> => {
    output = '';
    // Its own process group: Dovecot's master does not always end its IMAP processes when it stops (they would keep
    // serving open connections), so stopping signals the whole group.
    const child = spawn(dovecotBinary, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    server = child;
    const group = child.pid!;
    const killGroupOnExit = () => signalGroup(group, 'SIGKILL');
    process.once('exit', killGroupOnExit);
    child.once('exit', () => process.off('exit', killGroupOnExit));
    await untilAccepting(port, child, () => output);
    if (tlsPort) await untilAccepting(tlsPort, child, () => output);
  };
  const stop = async (): Promise<void> => {
    const child = server;
    server = null;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup(child.pid!, 'SIGTERM');
      await exited;
    }
    signalGroup(child.pid!, 'SIGKILL');
  };
  const client = (user: string): ImapFlow => {
    const password = users[user];
    if (password === undefined) throw new Error(`no user ${user} on this test Dovecot`);
    return new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
    });
  };
  const withClient = async <T>(user: string, work: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = client(user);
    await imap.connect();
    try {
      return await work(imap);
    } finally {
      await imap.logout().catch(() => imap.close());
    }
  };
  const createFolder = (user: string, folder: string): Promise<void> =>
    withClient(user, async (imap) => {
      await imap.mailboxCreate(folder);
    });

  await start();
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    certificate,
    users,
    async appendMessages(user, folder, raws, flags = []) {
      if (folder.toUpperCase() !== 'INBOX') await createFolder(user, folder);
      const uids: number[] = [];
      for (let from = 0; from < raws.length; from += 1000) {
        const chunk = raws.slice(from, from + 1000);
        uids.push(...(await multiAppend(port, user, users[user] ?? '', folder, chunk, flags)));
      }
      return uids;
    },
    flagsOf: (user, folder) =>
      withClient(user, async (imap) => {
        const mailbox = await imap.mailboxOpen(folder, { readOnly: true });
        if (mailbox.exists === 0) return [];
        const messages: MessageFlags[] = [];
        for await (const message of imap.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          messages.push({
            uid: message.uid,
            flags: [...(message.flags ?? [])].sort(),
            messageId: message.envelope?.messageId ?? null,
          });
        }
        return messages.sort((a, b) => a.uid - b.uid);
      }),
    uidValidityOf: (user, folder) =>
      withClient(user, async (imap) => {
        const status = await imap.status(folder, { uidValidity: true });
        if (!status || status.uidValidity === undefined) throw new Error(`no UIDVALIDITY for ${folder}`);
        return Number(status.uidValidity);
      }),
    recreateFolder: (user, folder) =>
      withClient(user, async (imap) => {
        if (folder.toUpperCase() === 'INBOX') throw new Error('INBOX cannot be deleted; watch another folder');
        const before = await imap.status(folder, { uidValidity: true });
        await imap.mailboxDelete(folder);
        // Dovecot derives a new UIDVALIDITY from the clock in seconds: wait until it differs (a condition, not a guess).
        for (;;) {
          await imap.mailboxCreate(folder);
          const after = await imap.status(folder, { uidValidity: true });
          if (!before || !after || after.uidValidity !== before.uidValidity) return;
          await imap.mailboxDelete(folder);
          await delay(100);
        }
      }),
    createFolder,
    stop,
    start,
    async dispose() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
    log: async () => {
      const file = join(root, 'dovecot.log');
      return `${output}${existsSync(file) ? await readFile(file, 'utf8') : ''}`;
    },
  };
}

/** Signals every process of a process group; a group that is gone already is fine. */
function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

interface MailAccount {
  readonly uid: number;
  readonly gid: number;
  /** The account Dovecot's login and internal processes run as, when it must be set. */
  readonly serviceUser: string | null;
  readonly chownTo: { uid: number; gid: number } | null;
}

/**
 * Dovecot never gives mail access to root, and its login processes refuse to run as root. As root, the mail is the
 * system's `mail` account's (uid 8) and the login processes use Dovecot's own accounts; as anyone else, everything
 * runs as that user.
 */
function mailAccount(): MailAccount {
  const me = userInfo();
  if (me.uid === 0) return { uid: 8, gid: 8, serviceUser: null, chownTo: { uid: 8, gid: 8 } };
  return { uid: me.uid, gid: me.gid, serviceUser: me.username, chownTo: null };
}

function dovecotConfig(settings: {
  root: string;
  port: number;
  tlsPort: number;
  account: MailAccount;
  idle: boolean;
  maxKeywordLength: number | undefined;
}): string {
  const { root, port, tlsPort, account } = settings;
  const lines = [
    `base_dir = ${root}/run`,
    `state_dir = ${root}/state`,
    `instance_name = covenant-test-${port}`,
    `log_path = ${root}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // Dovecot answers a wrong password after 2 s by default; the tests measure the watcher's own pauses instead.
    'auth_failure_delay = 0',
    `first_valid_uid = ${account.uid}`,
    'mail_location = maildir:~/Maildir',
    ...(settings.maxKeywordLength ? [`mail_max_keyword_length = ${settings.maxKeywordLength}`] : []),
    // A test opens and closes connections quickly; Dovecot's default of 10 per user and address would refuse some.
    'mail_max_userip_connections = 1000',
    ...(account.serviceUser
      ? [`default_internal_user = ${account.serviceUser}`, `default_login_user = ${account.serviceUser}`]
      : []),
    ...(settings.idle ? [] : [`imap_capability = ${capabilitiesWithoutIdle}`]),
    ...(tlsPort ? ['ssl = yes', `ssl_cert = <${root}/certificate.pem`, `ssl_key = <${root}/key.pem`] : ['ssl = no']),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${root}/passwd`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${account.uid} gid=${account.gid} home=${root}/home/%u`,
    '}',
    'service imap-login {',
    // The default chroots need root; a test server run by another user runs without them.
    ...(account.serviceUser ? ['  chroot ='] : []),
    '  inet_listener imap {',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    `    port = ${tlsPort}`,
    ...(tlsPort ? ['    ssl = yes'] : []),
    '  }',
    '}',
    // Failed logins from one address slow every later login from it (up to 15 s each): off, tests fail on purpose.
    'service anvil {',
    ...(account.serviceUser ? ['  chroot ='] : []),
    '  unix_listener anvil-auth-penalty {',
    '    mode = 0',
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

async function selfSignedCertificate(root: string): Promise<string> {
  if (dovecotTlsMissing !== null) throw new Error(dovecotTlsMissing);
  await promisify(execFile)(opensslBinary, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    join(root, 'key.pem'),
    '-out',
    join(root, 'certificate.pem'),
  ]);
  return readFile(join(root, 'certificate.pem'), 'utf8');
}

/** Resolves once the port accepts a connection; fails at once, with Dovecot's output, if Dovecot exits first. */
async function untilAccepting(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`);
    }
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await delay(50);
  }
}

/** One LOGIN and one APPEND of every message (MULTIAPPEND with LITERAL+ literals); returns the UIDs (APPENDUID). */
async function multiAppend(
  port: number,
  user: string,
  password: string,
  folder: string,
  raws: readonly (string | Uint8Array)[],
  flags: readonly string[],
): Promise<number[]> {
  const socket = connect(port, '127.0.0.1');
  const lines = lineReader(socket);
  try {
    await lines.until(/^\* OK/);
    socket.write(`a1 LOGIN ${quoted(user)} ${quoted(password)}\r\n`);
    expectOk(await lines.until(/^a1 /), 'LOGIN');
    socket.write(`a2 APPEND ${quoted(folder)}`);
    for (const raw of raws) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
      socket.write(`${flags.length > 0 ? ` (${flags.join(' ')})` : ''} {${bytes.byteLength}+}\r\n`);
      if (!socket.write(bytes)) await new Promise((resolve) => socket.once('drain', resolve));
    }
    socket.write('\r\n');
    const answer = await lines.until(/^a2 /);
    expectOk(answer, 'APPEND');
    socket.write('a3 LOGOUT\r\n');
    return uidsOfAppendUid(answer);
  } finally {
    socket.end();
  }
}

function quoted(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

function expectOk(line: string, command: string): void {
  if (!/^\S+ OK/.test(line)) throw new Error(`${command} failed: ${line}`);
}

/** `a2 OK [APPENDUID 1796674430 1001:1003,1005]` -> [1001, 1002, 1003, 1005] */
function uidsOfAppendUid(line: string): number[] {
  const set = /\[APPENDUID \d+ ([\d:,]+)\]/.exec(line)?.[1];
  if (!set) throw new Error(`no APPENDUID in: ${line}`);
  return set.split(',').flatMap((range) => {
    const [first, last = first] = range.split(':').map(Number) as [number, number?];
    return Array.from({ length: last - first + 1 }, (_, index) => first + index);
  });
}

/** Reads CRLF lines (the commands used here never answer with literals). */
function lineReader(socket: Socket): { until(pattern: RegExp): Promise<string> } {
  let buffered = '';
  const lines: string[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end = buffered.indexOf('\r\n');
    while (end >= 0) {
      lines.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf('\r\n');
    }
    wake?.();
  });
  const fail = (error: Error): void => {
    failure = error;
    wake?.();
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the test Dovecot closed the connection')));
  return {
    async until(pattern) {
      for (;;) {
        const line = lines.shift();
        if (line !== undefined) {
          if (pattern.test(line)) return line;
          continue;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    },
  };
}
