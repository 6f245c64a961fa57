/** The CLI's server commands, composed: serve, migrate, audit verify. */

import { and, eq } from 'drizzle-orm';
import { verifyWorkspaceAuditLog } from '../app/audit/read-audit-log.ts';
import { rebuildTicketClocks } from '../app/tickets/rebuild-ticket-clocks.ts';
import { CliError } from '../cli/cli-io.ts';
import type { AuditCheck, ServerCommandHandlers } from '../cli/commands/server.command.ts';
import { loadConfig } from '../config/config.ts';
import { agreements, workspaces } from '../store/schema.ts';
import { composeHeadless } from './composition.ts';
import { openConfiguredDatabase } from './open-database.ts';
import { serveUntilSignalled } from './serve.ts';
import { runWorkerUntilSignalled } from './worker.ts';

export function serverCommandHandlers(version: string, print: (line: string) => void): ServerCommandHandlers {
  return {
    serve: (options) => serveUntilSignalled({ demo: options.demo, version, print, buildWebUi: true }),
    worker: () => runWorkerUntilSignalled(print, version),
    async migrate() {
      const { handle, appliedMigrations } = await openConfiguredDatabase(loadConfig(), { migrate: true });
      await handle.close();
      return { applied: appliedMigrations, location: handle.location };
    },
    async verifyAudit(options) {
      const config = loadConfig();
      const { handle } = await openConfiguredDatabase(config, { migrate: false });
      try {
        const { store } = composeHeadless(config, handle, version);
        const all = await handle.db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces);
        const selected = options.workspace ? all.filter((workspace) => workspace.slug === options.workspace) : all;
        if (options.workspace && selected.length === 0) {
          throw new CliError('WORKSPACE_UNKNOWN', `no workspace with the id ${options.workspace}`);
        }
        const checks: AuditCheck[] = [];
        for (const workspace of selected) {
          checks.push({ workspace: workspace.slug, ...(await verifyWorkspaceAuditLog(store, workspace.id)) });
        }
        return checks;
      } finally {
        await handle.close();
      }
    },
    async rebuild(options) {
      const config = loadConfig();
      const { handle } = await openConfiguredDatabase(config, { migrate: true });
      try {
        const dependencies = composeHeadless(config, handle, version);
        const all = await handle.db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces);
        const selected = options.workspace ? all.filter((workspace) => workspace.slug === options.workspace) : all;
        if (options.workspace && selected.length === 0) {
          throw new CliError('WORKSPACE_UNKNOWN', `no workspace with the id ${options.workspace}`);
        }
        const results = [];
        for (const workspace of selected) {
          let agreementId: string | undefined;
          if (options.agreement) {
            const [row] = await handle.db
              .select({ id: agreements.id })
              .from(agreements)
              .where(and(eq(agreements.workspaceId, workspace.id), eq(agreements.slug, options.agreement)));
            if (!row) continue;
            agreementId = row.id;
          }
          const result = await rebuildTicketClocks(dependencies, {
            workspaceId: workspace.id,
            agreementId,
            tickets: options.onlyOpen ? 'open' : 'all',
          });
          results.push({ workspace: workspace.slug, ...result });
        }
        return results;
      } finally {
        await handle.close();
      }
    },
  };
}
