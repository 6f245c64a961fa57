/**
 * Composition root of `covenant worker`: the scheduler (due-clock sweep and outbox delivery) and the IMAP mailbox
 * watchers (e-mail intake) without the web server, for deployments on PostgreSQL that run them apart. Several workers
 * and servers may run at once; their claims never overlap and intake is exactly-once. Stops on SIGTERM/SIGINT after
 * the passes in flight.
 */
import pino from 'pino';
import { type CovenantConfig, loadConfig } from '../config/config.ts';
import { safeLoggerOptions } from '../http/log-safety.ts';
import { composeHeadless, startMailIntake } from './composition.ts';
import { openConfiguredDatabase } from './open-database.ts';
import { startConfiguredScheduler } from './scheduler-services.ts';

export async function runWorkerUntilSignalled(
  print: (line: string) => void,
  version: string,
  config: CovenantConfig = loadConfig(),
): Promise<void> {
  const { handle } = await openConfiguredDatabase(config, { migrate: true });
  const dependencies = composeHeadless(config, handle, version);
  const logger = pino(safeLoggerOptions(config.logLevel));
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const scheduler = startConfiguredScheduler(dependencies, config, baseUrl, logger);
  const mailIntake = startMailIntake(dependencies, logger);
  print(`Covenant worker running on ${handle.kind === 'pglite' ? `embedded (${handle.location})` : handle.location}`);
  print(
    `  e-mail: ${config.smtpUrl ? 'SMTP configured' : 'no SMTP server configured (COVENANT_SMTP_URL); e-mails wait in the outbox'}`,
  );
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      print(`${signal} received: finishing the passes in flight...`);
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  await mailIntake.stop();
  await scheduler.stop();
  await handle.close();
}
