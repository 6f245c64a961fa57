/**
 * The demo data plan: everything `npm start` loads into an empty workspace so that every screen and report has
 * something to show, as plain data. Facts refer to customers and agreements by slug; the loader resolves the ids
 * it gets when it creates them. Every instant is epoch milliseconds; every key is deterministic, so loading the same
 * plan twice (or a plan computed again for the same `now`) creates nothing twice.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import type { MaintenanceKind } from '../ports/maintenance-window-repository.ts';

/** An incident as the ServiceNow importer yields it (a structural subset of its `ServiceNowIncident`). */
export interface DemoSourceIncident {
  readonly number: string;
  /** In order, with Covenant labels (`P3`, `medium`; the importer's `withCovenantLabels`). */
  readonly events: readonly TicketEvent[];
  readonly final: {
    readonly category: string | null;
    readonly subcategory: string | null;
    readonly contactType: string | null;
  };
}

/** Real incidents read from an export, and the zone its wall-clock timestamps were read in. */
export interface DemoIncidentSource {
  readonly description: string;
  readonly timeZone: string;
  readonly incidents: readonly DemoSourceIncident[];
}

/** An agreement document of the demo (YAML). */
export interface DemoAgreementSource {
  readonly fileName: string;
  readonly text: string;
}

export interface DemoPlanOptions {
  /** Tickets in the plan; default 300. */
  readonly ticketCount?: number;
  /** The tickets open within the last `windowWeeks` weeks before `now`; default 8. */
  readonly windowWeeks?: number;
  /** Seed of the generated incidents and facts; default 2026. */
  readonly seed?: number;
}

export interface DemoPlanInput {
  readonly now: number;
  readonly agreements: readonly DemoAgreementSource[];
  /** Real incidents, or null when they are not available: the plan then generates incidents of the same shape. */
  readonly incidents: DemoIncidentSource | null;
  readonly options?: DemoPlanOptions;
}

export interface DemoCustomer {
  readonly slug: string;
  readonly name: string;
  readonly timezone: string;
}

export interface DemoService {
  readonly slug: string;
  readonly name: string;
}

export interface DemoCalendar {
  readonly slug: string;
  readonly name: string;
  /** The calendar as the agreement writes it (a form `core/time` `defineCalendar` accepts). */
  readonly definition: unknown;
}

export interface DemoAgreement {
  /** metadata.id */
  readonly slug: string;
  readonly customerSlug: string;
  readonly title: string;
  readonly fileName: string;
  /** The document to create the agreement from; the term is moved when `now` lies outside the written one. */
  readonly sourceText: string;
  readonly sourceFormat: 'yaml';
  readonly termRebased: boolean;
  /**
   * The instant the version is in force from: its effective instant (the term start in the agreement's zone). The
   * demo tickets opened after it, so they are measured under it although the loader puts it in force only now.
   */
  readonly effectiveFrom: number;
}

export interface DemoTicket {
  /** Idempotency key of the creation: `demo:<source number>`. */
  readonly key: string;
  /** The source incident's number (INC0000045, or GEN0000001 when generated). */
  readonly externalRef: string;
  readonly customerSlug: string;
  readonly agreementSlug: string;
  /** Invented from the agreement's incident categories and systems: the log has no titles. */
  readonly title: string;
  readonly service: string;
  readonly category: string;
  readonly channel: string;
  /** The priority in force at `now`, a level of the agreement. */
  readonly priority: string;
  /** Shifted into the window, mapped onto the agreement's priorities and statuses, none after `now`; ids `demo:...`. */
  readonly events: readonly TicketEvent[];
  readonly source: {
    readonly number: string;
    readonly category: string | null;
    readonly subcategory: string | null;
    readonly openedAt: number;
    /** Added to every event of the incident (a whole number of local days plus the zone difference). */
    readonly shiftMs: number;
    /** Events of the incident left out because they would lie after `now`. */
    readonly eventsAfterNow: number;
  };
}

export interface DemoOutage {
  /** Deterministic: the outage's externalRef (source `demo`). */
  readonly key: string;
  readonly customerSlug: string | null;
  readonly service: string;
  readonly startsAt: number;
  readonly endsAt: number | null;
  readonly severity: 'full' | 'partial';
  readonly description: string;
}

export interface DemoMaintenanceWindow {
  readonly key: string;
  readonly customerSlug: string | null;
  readonly kind: MaintenanceKind;
  readonly services: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly announcedAt: number;
  readonly pausesClocks: boolean;
  readonly description: string;
}

export interface DemoDelivery {
  readonly customerSlug: string;
  readonly agreementSlug: string;
  readonly orderId: string;
  readonly lineId: string;
  readonly orderedQuantity: number;
  readonly deliveredQuantity: number | null;
  readonly promisedAt: number;
  readonly deliveredAt: number | null;
}

export interface DemoKpiValue {
  readonly customerSlug: string;
  readonly agreementSlug: string;
  readonly targetId: string;
  readonly period: string;
  readonly value: number;
  readonly note: string;
}

export interface DemoPlan {
  readonly now: number;
  /** `[now - windowWeeks, now]`: where the tickets open. */
  readonly window: { readonly from: number; readonly to: number };
  readonly source: {
    readonly kind: 'uci-sample' | 'generated';
    readonly description: string;
    /** Incidents offered by the source, of which `tickets.length` were used. */
    readonly incidentsAvailable: number;
  };
  readonly customers: readonly DemoCustomer[];
  readonly services: readonly DemoService[];
  readonly calendars: readonly DemoCalendar[];
  readonly agreements: readonly DemoAgreement[];
  readonly tickets: readonly DemoTicket[];
  readonly outages: readonly DemoOutage[];
  readonly maintenanceWindows: readonly DemoMaintenanceWindow[];
  readonly deliveries: readonly DemoDelivery[];
  readonly kpiValues: readonly DemoKpiValue[];
}
