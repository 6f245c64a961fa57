/** Small labels for states; the colour repeats the word, it never replaces it. */
import type { ReactNode } from 'react';

export type Tone = 'green' | 'amber' | 'red' | 'blue' | 'grey';

export function Badge({ tone = 'grey', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className="badge" data-tone={tone} title={title}>
      {children}
    </span>
  );
}

const stateTones: Record<string, Tone> = {
  running: 'blue',
  paused: 'grey',
  met: 'green',
  breached: 'red',
  cancelled: 'grey',
  open: 'blue',
  new: 'blue',
  resolved: 'green',
  closed: 'grey',
  draft: 'grey',
  in_review: 'amber',
  approved: 'blue',
  active: 'green',
  superseded: 'grey',
  expired: 'grey',
  terminated: 'red',
  green: 'green',
  amber: 'amber',
  red: 'red',
  grey: 'grey',
};

export function StateBadge({ state }: { state: string | null | undefined }) {
  if (!state) return <Badge>unknown</Badge>;
  return <Badge tone={stateTones[state] ?? 'grey'}>{state.replaceAll('_', ' ')}</Badge>;
}

const ragWords: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red', grey: 'No data' };

export function RagBadge({ status, reason }: { status: string; reason?: string }) {
  return (
    <Badge tone={stateTones[status] ?? 'grey'} title={reason}>
      {ragWords[status] ?? status}
    </Badge>
  );
}
