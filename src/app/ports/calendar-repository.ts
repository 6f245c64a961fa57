/** Storage port of the workspace's business calendars (agreements may refer to them by slug). */
import type { Page, PageRequest } from './pagination.ts';

export interface CalendarRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly slug: string;
  readonly name: string;
  /** The calendar in the form core/time's defineCalendar accepts (iCalendar holidays already resolved into dates). */
  readonly definition: unknown;
  /** Bumped on every change: an edit gives new clock policies to the agreements that use the calendar. */
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CalendarListFilter {
  readonly search?: string | undefined;
  readonly sort?: 'slug' | '-slug' | 'name' | '-name' | 'updated' | '-updated' | undefined;
}

export interface CalendarRepository {
  /** Null when the workspace already has a calendar with the slug. */
  create(input: {
    workspaceId: string;
    slug: string;
    name: string;
    definition: unknown;
  }): Promise<CalendarRecord | null>;
  get(workspaceId: string, id: string): Promise<CalendarRecord | null>;
  /** Locks the calendar row until the transaction ends. */
  lock(workspaceId: string, id: string): Promise<CalendarRecord | null>;
  findBySlug(workspaceId: string, slug: string): Promise<CalendarRecord | null>;
  findBySlugs(workspaceId: string, slugs: readonly string[]): Promise<CalendarRecord[]>;
  list(workspaceId: string, page: PageRequest, filter: CalendarListFilter): Promise<Page<CalendarRecord>>;
  /** Changes the calendar and bumps its revision. */
  update(
    workspaceId: string,
    id: string,
    changes: Partial<{ name: string; definition: unknown }>,
  ): Promise<CalendarRecord | null>;
  delete(workspaceId: string, id: string): Promise<void>;
}
