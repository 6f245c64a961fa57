/**
 * Clock status for the rows of a ticket list. The list endpoint carries no clocks, so the rows on screen (one page)
 * are read one by one, a few at a time; the page renders at once and the clock column fills in.
 */
import { useEffect, useState } from 'react';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Ticket } from '../../api/types.ts';
import { type ClockSummary, summariseClocks } from './clock-summary.ts';

const PARALLEL = 6;

export function useRowClocks(tickets: readonly Ticket[] | undefined): ReadonlyMap<string, ClockSummary | 'error'> {
  const [summaries, setSummaries] = useState<ReadonlyMap<string, ClockSummary | 'error'>>(new Map());
  const ids = tickets?.map((ticket) => ticket.id).join(',') ?? '';
  useEffect(() => {
    const queue = ids ? ids.split(',') : [];
    let cancelled = false;
    setSummaries(new Map());
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !cancelled; id = queue.shift()) {
        const found = await ticketsApi.get(id).then(
          (ticket) => summariseClocks(ticket.clocks),
          () => 'error' as const,
        );
        if (!cancelled) setSummaries((previous) => new Map(previous).set(id, found));
      }
    };
    void Promise.all(Array.from({ length: PARALLEL }, worker));
    return () => {
      cancelled = true;
    };
  }, [ids]);
  return summaries;
}
