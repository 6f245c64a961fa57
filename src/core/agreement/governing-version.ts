/**
 * Version pinning (docs/semantics.md#which-agreement-version-governs-a-ticket): a ticket is measured against the
 * agreement version in force when it was opened, unless a version activated later says it applies to open tickets.
 * Works on anything that records when a version was active, such as the approval `VersionState`.
 */

/** What version pinning needs to know about a version. Instants are epoch milliseconds. */
export interface VersionActivity {
  /** When the version became active; undefined or null if it never did. */
  readonly activatedAt?: number | null | undefined;
  /** When it stopped being active (superseded, expired, terminated); undefined or null while active. */
  readonly endedAt?: number | null | undefined;
  readonly appliesToOpenTickets: boolean;
}

export interface GoverningVersionOptions {
  /** Evaluate as of this instant: activations and ends after it have not happened yet. Default: all are known. */
  readonly asOf?: number;
  /** When the ticket stopped being open (closed or cancelled): versions activated from then on do not apply to it. */
  readonly ticketClosedAt?: number;
}

/**
 * The version that governs a ticket opened at `ticketOpenedAt`: the latest version activated after the opening (and
 * while the ticket was open) that applies to open tickets, else the version active at the opening; undefined when no
 * version was in force.
 */
export function selectGoverningVersion<T extends VersionActivity>(
  versions: readonly T[],
  ticketOpenedAt: number,
  options: GoverningVersionOptions = {},
): T | undefined {
  const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
  const closedAt = options.ticketClosedAt ?? Number.POSITIVE_INFINITY;
  const activated = versions.filter(
    (version): version is T & { activatedAt: number } =>
      typeof version.activatedAt === 'number' && version.activatedAt <= asOf,
  );
  const latest = (candidates: (T & { activatedAt: number })[]) =>
    candidates.reduce<(T & { activatedAt: number }) | undefined>(
      (best, version) => (best === undefined || version.activatedAt > best.activatedAt ? version : best),
      undefined,
    );

  const amendment = latest(
    activated.filter(
      (version) =>
        version.appliesToOpenTickets && version.activatedAt > ticketOpenedAt && version.activatedAt < closedAt,
    ),
  );
  if (amendment) return amendment;
  return latest(
    activated.filter((version) => {
      const endedAt = typeof version.endedAt === 'number' && version.endedAt <= asOf ? version.endedAt : undefined;
      return version.activatedAt <= ticketOpenedAt && (endedAt === undefined || ticketOpenedAt < endedAt);
    }),
  );
}
