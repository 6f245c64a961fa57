/**
 * Everything the ticket screen shows, from existing endpoints: the timeline (events and clocks evaluated now), the
 * targets of the pinned agreement version (for their pause statuses) and the time zone of each clock's calendar.
 */
import { agreementsApi } from '../../api/agreements-api.ts';
import { calendarsApi } from '../../api/calendars-api.ts';
import { ApiError } from '../../api/client.ts';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { AgreementTarget, AgreementVersion, TicketTimeline } from '../../api/types.ts';

export interface TicketDetailData {
  readonly timeline: TicketTimeline;
  readonly version: AgreementVersion | null;
  readonly targets: ReadonlyMap<string, AgreementTarget>;
  /** Calendar name (as the clocks name it) -> IANA zone; absent when unknown (e.g. a 24x7 calendar). */
  readonly calendarZones: ReadonlyMap<string, string>;
}

export async function loadTicketDetail(id: string): Promise<TicketDetailData> {
  const timeline = await ticketsApi.timeline(id);
  const { agreementId, agreementVersionId } = timeline.ticket;
  let version: AgreementVersion | null = null;
  if (agreementId && agreementVersionId) {
    try {
      version = (await agreementsApi.version(agreementId, agreementVersionId)).body;
    } catch (error) {
      // The ticket is readable even when its agreement version is not (it must not hide the ticket).
      if (!(error instanceof ApiError)) throw error;
    }
  }
  const targets = new Map((version?.content.spec?.targets ?? []).map((target) => [target.id, target]));
  const calendarZones = await zonesOf(version, [...new Set(timeline.clocks.map((clock) => clock.calendar))]);
  return { timeline, version, targets, calendarZones };
}

async function zonesOf(version: AgreementVersion | null, names: string[]): Promise<Map<string, string>> {
  const zones = new Map<string, string>();
  const spec = version?.content.spec;
  for (const name of names) {
    const calendar = spec?.calendars?.[name];
    if (calendar && typeof calendar === 'object' && 'timezone' in calendar) zones.set(name, calendar.timezone);
    else if (calendar && typeof calendar === 'object' && 'use' in calendar) {
      const found = await calendarsApi.list({ search: calendar.use, limit: 5 }).catch(() => null);
      const shared = found?.data.find((entry) => entry.slug === calendar.use);
      if (shared && typeof shared.definition === 'object') zones.set(name, shared.definition.timezone);
    } else if (spec?.term?.timezone) zones.set(name, spec.term.timezone);
  }
  return zones;
}
