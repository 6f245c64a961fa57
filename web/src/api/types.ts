/**
 * The shapes of the server's answers the UI reads, written from /api/openapi.json. Instants are ISO-8601 strings,
 * business durations are minutes unless a name says otherwise.
 */

export type Role = 'admin' | 'manager' | 'owner' | 'agent' | 'customer' | 'viewer';

export interface Page<T> {
  readonly data: T[];
  readonly page: { readonly total: number; readonly limit: number; readonly offset: number };
}

export interface Session {
  readonly role: Role;
  readonly customerId: string | null;
  readonly userId: string | null;
  readonly tokenId: string | null;
  readonly label: string;
  readonly csrfToken: string | null;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly timezone: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface LoginAnswer {
  readonly user: User;
  readonly workspace: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly createdAt: string;
}

export interface Customer {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string | null;
  /** Lower case; mail from these domains is the customer's when the sender is not a contact. */
  readonly emailDomains: string[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface Contact {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly title: string | null;
  readonly phone: string | null;
  readonly role: string | null;
  readonly signatory: boolean;
  readonly createdAt: string;
}

export type VersionStatus =
  | 'draft'
  | 'in_review'
  | 'approved'
  | 'active'
  | 'superseded'
  | 'expired'
  | 'terminated'
  | (string & {});

export interface VersionSummary {
  readonly id: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly revision: number;
  /** The zone its dates are read in: its effective date is a date there. */
  readonly timezone: string;
  readonly effectiveFrom: string | null;
  readonly appliesToOpenTickets: boolean;
  readonly activatedAt: string | null;
  readonly endedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LintFinding {
  readonly path: string;
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly suggestion: string;
}

export interface Approval {
  readonly party: 'provider' | 'customer';
  readonly userId: string;
  readonly email: string;
  readonly contentHash: string;
  readonly approvedAt: string;
}

export interface AgreementVersion extends VersionSummary {
  readonly agreementId: string;
  readonly customerId: string;
  readonly sourceFormat: 'yaml' | 'json';
  readonly sourceText: string;
  readonly content: AgreementContent;
  readonly lint: LintFinding[];
  readonly approvals: Approval[];
  readonly allowedActions: string[];
  readonly createdBy: string | null;
}

export interface Agreement {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly customerId: string;
  readonly customer: string;
  readonly latestVersion: VersionSummary | null;
  readonly activeVersion: VersionSummary | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AgreementDetail extends Agreement {
  readonly versions: VersionSummary[];
  /** The months the agreement has results for; null when no version has ever been in force. */
  readonly reporting?: {
    readonly timezone: string;
    readonly firstMonth: string;
    readonly latestMonth: string;
    readonly inForceNow: boolean;
  } | null;
}

export interface Change {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
  /** The values as people read them: durations in hours and minutes, metrics by name. */
  readonly beforeText?: string;
  readonly afterText?: string;
}

/** The normalised agreement (durations in milliseconds, percents as numbers); only the parts the UI reads. */
export interface AgreementContent {
  readonly metadata?: { id?: string; title?: string; customer?: string; provider?: string };
  readonly spec?: {
    readonly term?: { start?: string; end?: string; timezone?: string };
    readonly calendars?: Record<string, CalendarDefinition | { use: string }>;
    readonly priorities?: { levels?: string[]; matrix?: Record<string, Record<string, string>> };
    readonly targets?: AgreementTarget[];
    readonly services?: { id: string; name?: string; environment?: { incidentCategories?: string[] } }[];
    readonly signatories?: { provider?: string[]; customer?: string[] };
    readonly statuses?: { name: string; category: string }[];
  };
}

export interface AgreementTarget {
  readonly id: string;
  readonly metric: string;
  readonly priorities?: string[];
  readonly within?: number;
  readonly every?: number;
  readonly calendar?: string;
  readonly goal?: number;
  readonly objective?: number;
  readonly warnAt?: number[];
  readonly pauseOn?: string[];
  /** What counts as a response: 'public_reply', 'call' or { status }; absent means public replies only. */
  readonly respondedBy?: (string | { status: string })[];
  readonly service?: string;
  readonly description?: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface WeeklyEntry {
  readonly day?: Weekday;
  readonly days?: Weekday[];
  readonly start: string;
  readonly end: string;
}

export interface CalendarObject {
  readonly timezone: string;
  readonly weekly: WeeklyEntry[] | '24x7';
  readonly holidays?: string[] | { dates?: string[]; region?: string | string[] };
  readonly overrides?: { date: string; intervals: { start: string; end: string }[] }[];
}

export type CalendarDefinition = '24x7' | CalendarObject;

export interface Calendar {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly definition: CalendarDefinition;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CalendarPreview {
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly intervals: { start: string; end: string; minutes: number }[];
  readonly openMinutes: number;
}

export interface DueAnswer {
  readonly timezone: string;
  readonly start: string;
  readonly minutes: number;
  readonly due: string | null;
}

export type CycleState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface Cycle {
  readonly state: CycleState;
  readonly start: string;
  readonly stop: string | null;
  readonly dueAt: string | null;
  readonly breachAt: string | null;
  readonly usedMinutes: number;
  readonly remainingMinutes: number;
  readonly percentUsed: number;
  readonly thresholds: { percent: number; at: string }[];
}

export interface TicketClock {
  readonly targetId: string;
  readonly metric: string;
  readonly calendar: string;
  readonly durationMinutes: number;
  readonly state: string;
  readonly dueAt: string | null;
  readonly nextCheckAt: string | null;
  readonly cycles: Cycle[];
}

export interface Ticket {
  readonly id: string;
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly agreementVersionId: string | null;
  readonly externalRef: string | null;
  /** The ticket's number and key ("T-42"), which mail subjects carry; absent on a server before issue 20. */
  readonly number?: number;
  readonly key?: string;
  readonly requesterEmail?: string | null;
  readonly requesterName?: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly channel: string | null;
  readonly priority: string | null;
  readonly status: string | null;
  readonly lifecycle: string;
  readonly assignee: string | null;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly reopenCount: number;
  readonly eventCount: number;
  readonly measurement: TicketMeasurement;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type UnmeasuredReason =
  | 'no_agreement'
  | 'no_version_in_force'
  | 'no_priority'
  | 'no_matching_target'
  /** Only in counts: e-mail requests waiting in triage for their customer (issue 20). */
  | 'customer_unknown';

/** Whether a ticket is measured against its agreement; when not, why (decision 0025). */
export type TicketMeasurement =
  | { readonly state: 'measured'; readonly reason: null; readonly message: null }
  | { readonly state: 'none'; readonly reason: UnmeasuredReason; readonly message: string };

/** GET /api/v1/tickets/not-measured */
export interface UnmeasuredCounts {
  readonly total: number;
  readonly reasons: { readonly reason: UnmeasuredReason; readonly count: number; readonly message: string }[];
}

export interface TicketWithClocks extends Ticket {
  readonly clocks: TicketClock[];
}

export interface TicketEvent {
  readonly key: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly status?: string;
  readonly priority?: string;
  readonly impact?: string;
  readonly urgency?: string;
  readonly assignee?: string;
  readonly service?: string;
  readonly channel?: string;
  readonly actor: { userId: string | null; tokenId: string | null };
}

export interface TicketTimeline {
  readonly ticket: Ticket;
  readonly events: TicketEvent[];
  readonly clocks: TicketClock[];
}

export type RagStatus = 'green' | 'amber' | 'red' | 'grey';

export interface TargetResult {
  readonly id: string;
  readonly metric: string;
  readonly description: string | null;
  readonly goal: { value: number; unit: 'percent' | 'minutes' | 'number'; direction: 'atLeast' | 'atMost' };
  readonly value: number | null;
  readonly rag: { status: RagStatus; code: string; reason: string };
  readonly tickets?: {
    met: number;
    breached: number;
    counted: number;
    attainmentPercent: number | null;
    breaches: {
      ticketId: string;
      externalRef: string | null;
      priority: string | null;
      breachAt: string;
      stop: string | null;
      usedMinutes: number;
    }[];
    breachesTruncated: boolean;
    /** While the period runs: what the RAG projects and on what evidence (decision 0029); null once it has ended. */
    projection?: {
      atRisk: number;
      openDue: number;
      projectedPercent: number | null;
      basis: string;
    } | null;
  };
  readonly availability?: { percent?: number | null; trace?: { formula?: string } };
}

export interface CreditLine {
  readonly ruleId: string;
  readonly targetId: string;
  readonly kind: 'tiers' | 'per_breach';
  readonly percent?: number | null;
  readonly breached?: number;
  readonly tier: { belowPercent: number; creditPercent: number } | null;
  readonly creditPercent: number;
  readonly amount: number;
  readonly explanation: string;
}

export interface Credits {
  readonly period: string;
  readonly currency: string;
  readonly fee: number;
  readonly uncapped: number;
  readonly credit: number;
  readonly boundBy: 'none' | 'monthly_cap' | 'rolling_cap';
  readonly provisional: boolean;
  readonly lines: CreditLine[];
  readonly trace: string[];
  readonly history: { period: string; fee: number; credit: number }[];
}

export interface Termination {
  readonly triggerId: string;
  readonly targetId: string;
  readonly right: string;
  /** Raised by the closed months (a month still running raises nothing). */
  readonly triggered: boolean;
  readonly reason: string;
  /** The reported month while it runs: whether it would raise the trigger if it closed now. */
  readonly provisional: { period: string; wouldTrigger: boolean; reason: string } | null;
}

export interface PeriodResults {
  readonly agreement: { id: string; slug: string; title: string; customerId: string };
  readonly period: {
    label: string | null;
    kind: string;
    from: string;
    to: string;
    timezone: string;
    current: boolean;
    measuredTo: string;
  };
  readonly evaluatedAt: string;
  readonly version: { id: string; number: number; status: string };
  readonly targets: TargetResult[];
  readonly credits: Credits | null;
  readonly termination: Termination[] | null;
  readonly note: string | null;
}
