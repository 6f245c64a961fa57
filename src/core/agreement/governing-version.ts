/**
 * Which agreement version governs a ticket (docs/semantics.md#which-agreement-version-governs-a-ticket, decision
 * 0025). A version put in force is in force from its effective instant, whenever its approval completed, until the
 * effective instant of a version put in force after it, or until it was terminated or expired. A ticket is governed
 * by the version in force when it was opened, unless a version put in force later says it applies to open tickets
 * and took effect while the ticket was open.
 */

/** What version pinning needs to know about a version. Instants are epoch milliseconds. */
export interface VersionActivity {
  /** When the version was put in force; undefined or null if it never was. */
  readonly activatedAt?: number | null | undefined;
  /** From when it is in force: its effective instant; undefined or null: its activation. */
  readonly effectiveFrom?: number | null | undefined;
  /** When it ended (superseded, expired, terminated); undefined or null while active. */
  readonly endedAt?: number | null | undefined;
  readonly appliesToOpenTickets: boolean;
}

export interface GoverningVersionOptions {
  /** Evaluate as of this instant: activations and ends after it have not happened yet. Default: all are known. */
  readonly asOf?: number;
  /** When the ticket stopped being open (closed or cancelled): versions taking effect from then on do not apply. */
  readonly ticketClosedAt?: number;
}

/** When a version is in force. */
export interface InForceSpan<T> {
  readonly version: T;
  readonly activatedAt: number;
  /** [from, to): when the version is in force. */
  readonly from: number;
  readonly to: number;
}

/**
 * The version that governs a ticket opened at `ticketOpenedAt`: the latest version put in force that applies to open
 * tickets and took effect after the opening (and before the ticket was closed), else the version in force at the
 * opening; undefined when no version covers the opening.
 */
export function selectGoverningVersion<T extends VersionActivity>(
  versions: readonly T[],
  ticketOpenedAt: number,
  options: GoverningVersionOptions = {},
): T | undefined {
  const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
  const closedAt = options.ticketClosedAt ?? Number.POSITIVE_INFINITY;
  const spans = inForceSpans(versions, asOf);
  let amendment: InForceSpan<T> | undefined;
  for (const span of spans) {
    if (span.version.appliesToOpenTickets && span.from > ticketOpenedAt && span.from < closedAt) amendment = span;
  }
  if (amendment) return amendment.version;
  return spans.find((span) => span.from <= ticketOpenedAt && ticketOpenedAt < span.to)?.version;
}

/** The version in force at `instant` (as of `asOf`), or undefined when none is. */
export function versionInForceAt<T extends VersionActivity>(
  versions: readonly T[],
  instant: number,
  options: { asOf?: number } = {},
): T | undefined {
  return inForceSpans(versions, options.asOf ?? Number.POSITIVE_INFINITY).find(
    (span) => span.from <= instant && instant < span.to,
  )?.version;
}

/**
 * When each version put in force (as of `asOf`) is in force, in the order they were put in force: a version yields,
 * from its effective instant on, to every version put in force after it, and ends for good when it was terminated or
 * expired (a superseded version's end is its successor's activation, never earlier than the successor's effective
 * instant, so the successor's start is what ends it).
 */
export function inForceSpans<T extends VersionActivity>(versions: readonly T[], asOf: number): InForceSpan<T>[] {
  const activated = versions
    .filter((version) => typeof version.activatedAt === 'number' && version.activatedAt <= asOf)
    .map((version) => ({ version, activatedAt: version.activatedAt as number }))
    .sort((a, b) => a.activatedAt - b.activatedAt);
  const spans: InForceSpan<T>[] = [];
  let laterStart = Number.POSITIVE_INFINITY;
  for (let index = activated.length - 1; index >= 0; index--) {
    const { version, activatedAt } = activated[index]!;
    const from = typeof version.effectiveFrom === 'number' ? version.effectiveFrom : activatedAt;
    const ended = typeof version.endedAt === 'number' && version.endedAt <= asOf ? version.endedAt : Infinity;
    spans.push({ version, activatedAt, from, to: Math.min(ended, laterStart) });
    laterStart = Math.min(laterStart, from);
  }
  return spans.reverse();
}
