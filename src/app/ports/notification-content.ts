/**
 * What a notification says, as data. The monitoring use-cases decide it and store it in the outbox; the channel
 * adapters (src/notify) render it as an e-mail, a webhook payload or an in-app entry.
 */

/** warning: a warning threshold; escalation: an escalation level; breach: the due instant passed. */
export type ClockAlertKind = 'warning' | 'escalation' | 'breach';

export interface ClockAlert {
  readonly kind: ClockAlertKind;
  /** Percent of the target's duration reached (100 for a breach). */
  readonly percent: number;
  /** When the threshold was reached (epoch ms). */
  readonly reachedAt: number;
  readonly ticket: {
    readonly id: string;
    readonly title: string;
    readonly externalRef: string | null;
    readonly priority: string | null;
    readonly assignee: string | null;
  };
  readonly customer: { readonly id: string; readonly name: string };
  readonly agreement: { readonly id: string; readonly title: string } | null;
  readonly target: { readonly id: string; readonly metric: string; readonly durationMs: number };
  /** The cycle's due instant (epoch ms), null while paused. */
  readonly dueAt: number | null;
  readonly breachAt: number | null;
  readonly usedMs: number;
  readonly remainingMs: number;
  /** Actions taken at this level besides notifying (e.g. "reassigned to L2", "priority raised to P1"). */
  readonly actions: readonly string[];
}

/** A periodic report that is ready for its recipients. */
export interface ReportReady {
  readonly agreement: { readonly id: string; readonly title: string };
  readonly customer: { readonly id: string; readonly name: string };
  readonly period: string;
  /**
   * The zone the period's label is read in (the agreement's: where its months begin and end). Absent from reports
   * queued before it was recorded.
   */
  readonly timeZone?: string;
  /** Headline figures, e.g. [{ label: 'p1-resolution', value: '92.0 %', rag: 'green' }]. */
  readonly summary: readonly { readonly label: string; readonly value: string; readonly rag: string }[];
}

/** Rendered e-mail content for one recipient. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}
