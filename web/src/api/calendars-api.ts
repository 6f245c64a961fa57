/** Workspace calendars: definitions, previews of open hours, the due-date calculator. */
import { api, getWithEtag, type Query } from './client.ts';
import type { Calendar, CalendarDefinition, CalendarPreview, DueAnswer, Page } from './types.ts';

const base = '/api/v1/calendars';

export interface CalendarChanges {
  name?: string;
  definition?: CalendarDefinition;
  /** An iCalendar file's text: the dates of its events become holidays. */
  icalendar?: string;
}

export const calendarsApi = {
  list: (query: Query) => api.get<Page<Calendar>>(base, query),
  get: (id: string) => getWithEtag<Calendar>(`${base}/${id}`),
  create: (body: { slug: string; name: string; definition: CalendarDefinition; icalendar?: string }) =>
    api.post<Calendar>(base, body),
  update: (id: string, changes: CalendarChanges, etag: string | null) =>
    api.patch<Calendar & { clockRebuild: unknown }>(`${base}/${id}`, changes, etag ? { 'if-match': etag } : {}),
  remove: (id: string) => api.delete(`${base}/${id}`),
  preview: (id: string, days: number, from?: string) =>
    api.get<CalendarPreview>(`${base}/${id}/preview`, { days, from }),
  due: (id: string, start: string, minutes: number) => api.get<DueAnswer>(`${base}/${id}/due`, { start, minutes }),
};
