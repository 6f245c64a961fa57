/**
 * The storage a use-case sees: repositories bound to one transaction. `transaction` runs a function with them and
 * commits everything it wrote, or nothing.
 */
import type { ProcessCaches } from '../process-caches.ts';
import type { AgreementRepository } from './agreement-repository.ts';
import type { AuditRepository } from './audit-repository.ts';
import type { CalendarRepository } from './calendar-repository.ts';
import type { CustomerRepository } from './customer-repository.ts';
import type { DeliveryRepository } from './delivery-repository.ts';
import type { FactReferenceRepository } from './fact-reference-repository.ts';
import type {
  ApiTokenRepository,
  SessionRepository,
  UserRepository,
  WorkspaceRepository,
} from './identity-repositories.ts';
import type { KpiValueRepository } from './kpi-value-repository.ts';
import type { InboundMailRepository, MailboxRepository, SenderDirectory } from './mail-repository.ts';
import type { MaintenanceWindowRepository } from './maintenance-window-repository.ts';
import type { MonitoringRepository } from './monitoring-repository.ts';
import type { NotificationRepository } from './notification-repository.ts';
import type { OutageRepository } from './outage-repository.ts';
import type { ReportRepository } from './report-repository.ts';
import type { ResultsRepository } from './results-repository.ts';
import type { ServiceRepository } from './service-repository.ts';
import type { TicketMessageRepository } from './ticket-message-repository.ts';
import type { ExclusionWindowSource, TicketRepository } from './ticket-repository.ts';

export interface Repositories {
  readonly workspaces: WorkspaceRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: ApiTokenRepository;
  readonly customers: CustomerRepository;
  readonly audit: AuditRepository;
  readonly outages: OutageRepository;
  readonly maintenanceWindows: MaintenanceWindowRepository;
  readonly deliveries: DeliveryRepository;
  readonly kpiValues: KpiValueRepository;
  readonly factReferences: FactReferenceRepository;
  readonly agreements: AgreementRepository;
  readonly calendars: CalendarRepository;
  readonly services: ServiceRepository;
  readonly tickets: TicketRepository;
  readonly exclusionWindows: ExclusionWindowSource;
  readonly results: ResultsRepository;
  readonly monitoring: MonitoringRepository;
  readonly notifications: NotificationRepository;
  readonly reports: ReportRepository;
  readonly ticketMessages: TicketMessageRepository;
  readonly mailboxes: MailboxRepository;
  readonly inboundMail: InboundMailRepository;
  readonly senders: SenderDirectory;
  /** The process's caches of what was derived from this database (the same object in every transaction). */
  readonly caches: ProcessCaches;
}

export interface Store {
  /** Repositories outside any transaction (single reads). */
  readonly read: Repositories;
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Whether the database answers and its schema is current. */
  readiness(): Promise<{ database: boolean; migrationsPending: readonly string[] }>;
}

/** Time as the application sees it: injected, so tests and replays control it. */
export interface Clock {
  now(): number;
}
