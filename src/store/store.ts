/** The Store port over a database: repositories bound to the database or to one transaction. */

import { sql } from 'drizzle-orm';
import type { Repositories, Store } from '../app/ports/store.ts';
import type { ProcessCaches } from '../app/process-caches.ts';
import type { Database, DatabaseHandle, PreparedStatements } from './database.ts';
import { pendingMigrations } from './migrate.ts';
import { agreementRepository } from './repositories/agreements.store.ts';
import { auditRepository, DeferredAuditEntries } from './repositories/audit.store.ts';
import { calendarRepository } from './repositories/calendars.store.ts';
import { customerRepository } from './repositories/customers.store.ts';
import { deliveryRepository } from './repositories/facts-deliveries.store.ts';
import { kpiValueRepository } from './repositories/facts-kpi-values.store.ts';
import { maintenanceWindowRepository } from './repositories/facts-maintenance.store.ts';
import { outageRepository } from './repositories/facts-outages.store.ts';
import { factReferenceRepository } from './repositories/facts-references.store.ts';
import {
  apiTokenRepository,
  sessionRepository,
  userRepository,
  workspaceRepository,
} from './repositories/identity.store.ts';
import { inboundMailRepository } from './repositories/inbound-mail.store.ts';
import { mailboxRepository } from './repositories/mailboxes.store.ts';
import { monitoringRepository } from './repositories/monitoring.store.ts';
import { notificationRepository } from './repositories/notifications.store.ts';
import type { ProjectionMemory } from './repositories/projection-memory.ts';
import { reportRepository } from './repositories/reports.store.ts';
import { resultsRepository } from './repositories/results.store.ts';
import { senderDirectory } from './repositories/senders.store.ts';
import { serviceRepository } from './repositories/services.store.ts';
import { ticketMessageRepository } from './repositories/ticket-messages.store.ts';
import { exclusionWindowSource, ticketRepository } from './repositories/tickets.store.ts';
import { queryRows } from './sql-rows.ts';

export function repositoriesOf(
  db: Database,
  statements: PreparedStatements,
  memory: ProjectionMemory,
  caches: ProcessCaches,
  inTransaction: boolean,
  deferredAudit: DeferredAuditEntries | null = null,
): Repositories {
  return {
    workspaces: workspaceRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    tokens: apiTokenRepository(db),
    customers: customerRepository(db),
    audit: auditRepository(db, deferredAudit),
    agreements: agreementRepository(db),
    calendars: calendarRepository(db),
    services: serviceRepository(db),
    outages: outageRepository(db),
    maintenanceWindows: maintenanceWindowRepository(db),
    deliveries: deliveryRepository(db),
    kpiValues: kpiValueRepository(db),
    factReferences: factReferenceRepository(db),
    tickets: ticketRepository(db, statements, memory, inTransaction),
    exclusionWindows: exclusionWindowSource(db),
    results: resultsRepository(db),
    monitoring: monitoringRepository(db, statements),
    notifications: notificationRepository(db),
    reports: reportRepository(db),
    ticketMessages: ticketMessageRepository(db),
    mailboxes: mailboxRepository(db),
    inboundMail: inboundMailRepository(db),
    senders: senderDirectory(db),
    caches,
  };
}

/** What a store keeps for the life of the process; created by the composition (decision 0028). */
export interface StoreMemory {
  /** What the store remembers of tickets it read and wrote (decision 0021). */
  readonly projections: ProjectionMemory;
  readonly caches: ProcessCaches;
}

export function createStore(handle: DatabaseHandle, memory: StoreMemory): Store {
  const { db } = handle;
  const { projections, caches } = memory;
  // One memory for the store's reads and its transactions: a transaction's writes must make it forget.
  return {
    read: repositoriesOf(db, handle.statements, projections, caches, false),
    transaction: (work) =>
      handle.transaction(async (tx, statements) => {
        const audit = new DeferredAuditEntries();
        const result = await work(repositoriesOf(tx, statements, projections, caches, true, audit));
        await audit.write(tx);
        return result;
      }),
    async readiness() {
      try {
        await queryRows(db, sql`SELECT 1`);
      } catch {
        return { database: false, migrationsPending: [] };
      }
      return { database: true, migrationsPending: await pendingMigrations(db) };
    },
  };
}
