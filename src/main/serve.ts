/**
 * Composition root of the server: configuration, a check that the address is free, database (migrated), first-start
 * workspace, HTTP server, graceful shutdown. `npm start` runs this on the embedded database with nothing else installed.
 */

import type { FastifyInstance } from 'fastify';
import type { DemoLoadResult } from '../app/demo/load-demo.ts';
import { type BootstrapResult, bootstrapWorkspace } from '../app/identity/bootstrap-workspace.ts';
import type { Clock } from '../app/ports/store.ts';
import { type CovenantConfig, loadConfig } from '../config/config.ts';
import { safeLoggerOptions } from '../http/log-safety.ts';
import { buildServer } from '../http/server.ts';
import type { WebUiSource } from '../http/web-ui.ts';
import { type CovenantDependencies, composeCovenant, startMailIntake } from './composition.ts';
import { type DemoLoading, startDemoLoad } from './first-start-demo.ts';
import { checkListenAddress, listenAddressError } from './listen-address.ts';
import { openConfiguredDatabase } from './open-database.ts';
import { systemClock } from './platform-services.ts';
import { startConfiguredScheduler } from './scheduler-services.ts';
import { prepareWebUi } from './web-ui-build.ts';

export interface ServeOptions {
  readonly demo: boolean;
  readonly version: string;
  readonly print: (line: string) => void;
  /** Build web/dist in the background when it is missing or older than web/src (`npm start`; tests build it once). */
  readonly buildWebUi?: boolean;
  /** The application's time (default: the system clock); tests that must move time pass their own. */
  readonly clock?: Clock;
}

export interface RunningServer {
  readonly url: string;
  /** The demo load started on a first start (settles with its result, null if it failed); null when none runs. */
  readonly demo: Promise<DemoLoadResult | null> | null;
  /** What the composition built for this server (tests inspect it; nothing else should need it). */
  readonly dependencies: CovenantDependencies;
  stop(): Promise<void>;
}

export async function startServer(
  options: ServeOptions,
  config: CovenantConfig = loadConfig(),
): Promise<RunningServer> {
  const startedAt = Date.now();
  // Before anything is opened or created: a first start that cannot listen must leave nothing behind (decision 0033).
  await checkListenAddress(config.host, config.port);
  // Started first: the UI builds (when it must) while the database opens; the API does not wait for it.
  const webUi = prepareWebUi({ build: options.buildWebUi === true, print: options.print });
  const clock = options.clock ?? systemClock;
  let started: Awaited<ReturnType<typeof openAndListen>>;
  try {
    started = await openAndListen(config, options, webUi.source, clock);
  } catch (error) {
    webUi.stop();
    throw error;
  }
  const { handle, appliedMigrations, dependencies, bootstrap, app } = started;
  const { store } = dependencies;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  options.print(`Covenant ${options.version} is running at ${url}`);
  options.print(`  database: ${handle.kind === 'pglite' ? `embedded (${handle.location})` : handle.location}`);
  if (appliedMigrations.length > 0) options.print(`  migrations applied: ${appliedMigrations.join(', ')}`);
  if (bootstrap.created) {
    options.print(`  first start: workspace "${bootstrap.workspace!.slug}" created`);
    options.print(
      `  sign in as ${bootstrap.admin!.email}${bootstrap.generatedPassword ? ` with the password ${bootstrap.generatedPassword}` : ' with COVENANT_ADMIN_PASSWORD'}`,
    );
    if (bootstrap.generatedPassword) options.print('  (this password is shown once; change it after signing in)');
  }
  options.print(`  API docs: ${url}/api/docs   ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  // The sweep acts on thresholds that fell due while no server ran, once, as soon as it starts.
  const scheduler = config.runSweep ? startConfiguredScheduler(dependencies, config, url, app.log) : null;
  // The IMAP mailboxes are watched where the scheduler runs (a worker when the sweep is off here).
  const mailIntake = config.runSweep ? startMailIntake(dependencies, app.log) : null;
  if (!config.runSweep) options.print('  scheduler: off in this process (COVENANT_SWEEP=off); run `covenant worker`');
  // First start: the demo data is loaded after the server listens, in batches, so requests are served meanwhile.
  const demo: DemoLoading | null =
    bootstrap.created && options.demo
      ? startDemoLoad({ store, clock }, bootstrap.workspace!.id, options.print, (error) =>
          app.log.error({ err: error }, 'demo data could not be loaded'),
        )
      : null;

  let stopping: Promise<void> | null = null;
  return {
    url,
    demo: demo?.done ?? null,
    dependencies,
    stop: () => {
      stopping ??= (async () => {
        await demo?.stop();
        webUi.stop();
        await app.close();
        await mailIntake?.stop();
        await scheduler?.stop();
        await handle.close();
      })();
      return stopping;
    },
  };
}

/** Opens the database, creates the first workspace when there is none, and listens; on failure closes what it opened. */
async function openAndListen(config: CovenantConfig, options: ServeOptions, webUi: WebUiSource, clock: Clock) {
  const { handle, appliedMigrations } = await openConfiguredDatabase(config, { migrate: true });
  let app: FastifyInstance | null = null;
  try {
    const dependencies = composeCovenant({ config, handle, clock, version: options.version, webUi });
    const bootstrap = await bootstrapWorkspace(dependencies, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    // Errors are logged without the values they carry (query parameters: hashes, secrets); credentials are redacted.
    app = await buildServer(dependencies, {
      logger: safeLoggerOptions(config.logLevel),
      trustProxy: config.trustProxy,
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      // The address was taken after the check: say so, and hand over the sign-in just created rather than lose it.
      throw listenAddressError(error, config.host, config.port, firstStartAftermath(bootstrap));
    }
    return { handle, appliedMigrations, dependencies, bootstrap, app };
  } catch (error) {
    await app?.close();
    await handle.close();
    throw error;
  }
}

function firstStartAftermath(bootstrap: BootstrapResult): string {
  if (!bootstrap.created) return 'Nothing was changed.';
  const password = bootstrap.generatedPassword
    ? `the password ${bootstrap.generatedPassword} (shown once)`
    : 'COVENANT_ADMIN_PASSWORD';
  return (
    `The first start created the workspace "${bootstrap.workspace!.slug}": sign in as ${bootstrap.admin!.email} ` +
    `with ${password} once the server starts.`
  );
}

/** Runs until SIGTERM or SIGINT, then stops accepting, finishes in-flight requests and closes the database. */
export async function serveUntilSignalled(options: ServeOptions): Promise<void> {
  const server = await startServer(options);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      options.print(`${signal} received: finishing in-flight requests and closing the database...`);
      server.stop().then(resolve, (error) => {
        options.print(`shutdown failed: ${(error as Error).message}`);
        resolve();
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
