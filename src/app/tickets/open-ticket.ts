/**
 * Use-case: open a ticket for a customer (a customer representative always opens it for their own customer). The
 * agreement is the one named, else the customer's agreement in force at the opening, else the customer's only
 * agreement (decision 0025); the ticket's `opened` event is recorded and its clocks computed in the same
 * transaction. A retried request with the same Idempotency-Key returns the ticket it created the first time; a key
 * already used for a ticket the principal may not see answers IDEMPOTENCY_KEY_CONFLICT, saying nothing of that ticket
 * (decision 0032: keys are unique in the workspace, so taking it as unknown could only fail later). A ticket opened
 * without a priority (nor impact and urgency) gets the default priority its agreement declares, if any.
 */
import { type Agreement, versionInForceAt } from '../../core/agreement/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { type AppError, conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { PinningCandidate } from '../ports/agreement-repository.ts';
import type { CustomerRecord } from '../ports/customer-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import { appendAndProject, type ProjectedTicket } from './project-ticket-clocks.ts';
import { FUTURE_TOLERANCE_MS } from './record-ticket-events.ts';

export interface OpenTicketInput {
  readonly customerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly externalRef?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly title: string;
  readonly description?: string | undefined;
  readonly service?: string | undefined;
  readonly category?: string | undefined;
  readonly channel?: string | undefined;
  readonly priority?: string | undefined;
  readonly impact?: string | undefined;
  readonly urgency?: string | undefined;
  readonly status?: string | undefined;
  /** Default: now. May be in the past (tickets imported or reported late). */
  readonly openedAt?: number | undefined;
  /** Who asked (an e-mail's sender, a caller): where replies go. */
  readonly requesterEmail?: string | null | undefined;
  readonly requesterName?: string | null | undefined;
}

export interface OpenedTicket {
  readonly created: boolean;
  readonly ticket: TicketRecord;
  readonly projection: ProjectedTicket | null;
  /** The ticket's customer, when it was opened now (saves a read to whoever writes more with it). */
  readonly customer?: CustomerRecord | undefined;
}

export async function openTicket(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  input: OpenTicketInput,
): Promise<OpenedTicket> {
  requirePermission(principal, 'tickets.create');
  const now = clock.now();
  checkOpening(input, now);
  if (input.idempotencyKey) {
    const existing = await store.read.tickets.findByIdempotencyKey(scopeOf(principal), input.idempotencyKey);
    if (existing === 'outside-scope') throw keyConflict();
    if (existing) return { created: false, ticket: existing, projection: null };
  }
  const opened = await store.transaction((repositories) => openTicketIn(repositories, principal, input, now));
  if (opened !== null) return opened;
  return concurrentTwin(store, principal, input);
}

/** Refuses an opening in the future (beyond the clock skew tolerated). */
export function checkOpening(input: Pick<OpenTicketInput, 'openedAt'>, now: number): void {
  if ((input.openedAt ?? now) > now + FUTURE_TOLERANCE_MS)
    throw invalid('EVENT_IN_FUTURE', 'openedAt is in the future');
}

/** The ticket a concurrent request with the same key (or external reference) created, when `openTicketIn` lost. */
export async function concurrentTwin(
  store: Store,
  principal: Principal,
  input: OpenTicketInput,
): Promise<OpenedTicket> {
  const twin = input.idempotencyKey
    ? await store.read.tickets.findByIdempotencyKey(scopeOf(principal), input.idempotencyKey)
    : null;
  if (twin === 'outside-scope') throw keyConflict();
  if (twin) return { created: false, ticket: twin, projection: null };
  throw invalid('EXTERNAL_REF_EXISTS', `a ticket with the external reference ${input.externalRef} already exists`);
}

/**
 * Opens the ticket inside the caller's transaction (e-mail intake and phone calls record their message with it):
 * checks the customer and agreement, records the `opened` event with the clocks, audits it. Null when the idempotency
 * key or external reference was taken by a concurrent request meanwhile (`concurrentTwin` finds its ticket).
 * `known.customer`: the customer as the caller read it in this transaction (intake found it by the sender), when it
 * is the one the ticket is for; it is not read again.
 */
export async function openTicketIn(
  repositories: Repositories,
  principal: Principal,
  input: OpenTicketInput,
  now: number,
  known: { readonly customer?: CustomerRecord | undefined } = {},
): Promise<OpenedTicket | null> {
  requirePermission(principal, 'tickets.create');
  const openedAt = input.openedAt ?? now;
  const customerId = input.customerId ?? principal.customerId;
  if (!customerId) throw invalid('CUSTOMER_REQUIRED', 'name the customer the ticket is for (customerId)');
  const customer =
    known.customer?.id === customerId && known.customer.workspaceId === principal.workspaceId
      ? known.customer
      : await repositories.customers.get(scopeOf(principal), customerId);
  if (!customer) throw notFound('customer', customerId);
  const { agreementId, versions } = await chooseAgreement(
    repositories,
    principal,
    customer.id,
    input.agreementId,
    openedAt,
  );
  if (input.externalRef && (await repositories.tickets.findByExternalRef(scopeOf(principal), input.externalRef))) {
    throw invalid('EXTERNAL_REF_EXISTS', `a ticket with the external reference ${input.externalRef} already exists`);
  }
  const requester = await requesterOf(repositories, principal, input);
  const created = await repositories.tickets.create({
    workspaceId: principal.workspaceId,
    customerId: customer.id,
    agreementId,
    agreementVersionId: null,
    externalRef: input.externalRef ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    requesterEmail: requester.email,
    requesterName: requester.name,
    title: input.title,
    description: input.description ?? null,
    service: input.service ?? null,
    category: input.category ?? null,
    channel: input.channel ?? null,
    openedAt,
    recordedAt: now,
    createdBy: principal.userId,
  });
  if (created === null) return null;
  const { ticket } = created;
  const unprioritised = input.priority === undefined && input.impact === undefined && input.urgency === undefined;
  const priority =
    unprioritised && agreementId !== null
      ? await defaultPriority(repositories, principal.workspaceId, agreementId, versions, openedAt)
      : input.priority;
  // The new row is the caller's alone until commit: projected as created, without locking and reading it again.
  const { projected, written } = await appendAndProject(
    repositories,
    principal.workspaceId,
    created.forProjection,
    [
      {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        event: {
          id: 'opened',
          type: 'opened',
          occurredAt: openedAt,
          priority,
          impact: input.impact,
          urgency: input.urgency,
          status: input.status,
          service: input.service,
        },
        actorUserId: principal.userId,
        actorTokenId: principal.tokenId,
      },
    ],
    now,
    { returnTickets: true },
  );
  const projection = projected[0];
  const stored = written[0] ?? ticket;
  await recordChange(repositories, principal, now, {
    action: 'ticket.opened',
    entityType: 'ticket',
    entityId: ticket.id,
    customerId: ticket.customerId,
    after: { title: stored.title, priority: stored.priority, agreementId, openedAt },
  });
  return { created: true, ticket: stored, projection: projection ?? null, customer };
}

/** Who asked: as given, else the customer representative who opens the ticket (the portal). */
async function requesterOf(
  repositories: Repositories,
  principal: Principal,
  input: OpenTicketInput,
): Promise<{ email: string | null; name: string | null }> {
  if (input.requesterEmail != null || principal.customerId === null || principal.userId === null) {
    return { email: input.requesterEmail ?? null, name: input.requesterName ?? null };
  }
  const user = await repositories.users.get(principal.workspaceId, principal.userId);
  return { email: user?.email ?? null, name: input.requesterName ?? user?.name ?? null };
}

/** The priority the agreement version in force at the opening gives a ticket that arrives without one. */
async function defaultPriority(
  repositories: Repositories,
  workspaceId: string,
  agreementId: string,
  known: PinningCandidate[] | null,
  openedAt: number,
): Promise<string | undefined> {
  const versions = known ?? (await repositories.agreements.pinningCandidates(workspaceId, agreementId));
  const inForce = versionInForceAt(versions, openedAt);
  if (inForce === undefined) return undefined;
  const version = await repositories.caches.frozenVersions.get(repositories.agreements, workspaceId, inForce.versionId);
  return (version?.content as Agreement | undefined)?.spec.priorities?.default;
}

function keyConflict(): AppError {
  return conflict(
    'IDEMPOTENCY_KEY_CONFLICT',
    'the Idempotency-Key was already used for another request; send a new key for a new ticket',
  );
}

/** The ticket's agreement, with its versions when they were read to choose it (the default priority needs them). */
async function chooseAgreement(
  repositories: Repositories,
  principal: Principal,
  customerId: string,
  requested: string | undefined,
  openedAt: number,
): Promise<{ agreementId: string | null; versions: PinningCandidate[] | null }> {
  if (requested !== undefined) {
    const agreement = await repositories.agreements.get(scopeOf(principal), requested);
    if (!agreement || agreement.customerId !== customerId) throw notFound('agreement', requested);
    return { agreementId: agreement.id, versions: null };
  }
  const all = await repositories.tickets.agreementCandidates(principal.workspaceId, customerId);
  const inForce: typeof all = [];
  const versionsOf = new Map<string, PinningCandidate[]>();
  for (const candidate of all) {
    const versions = await repositories.agreements.pinningCandidates(principal.workspaceId, candidate.agreementId);
    versionsOf.set(candidate.agreementId, versions);
    if (versionInForceAt(versions, openedAt) !== undefined) inForce.push(candidate);
  }
  if (inForce.length > 1) {
    throw invalid(
      'AGREEMENT_AMBIGUOUS',
      `the customer has ${inForce.length} agreements in force (${inForce.map((candidate) => candidate.slug).join(', ')}); name one (agreementId)`,
      { agreements: inForce },
    );
  }
  // None in force: the customer's only agreement still takes the ticket, which waits (not measured) for a version.
  const agreementId = inForce[0]?.agreementId ?? (all.length === 1 ? all[0]!.agreementId : null);
  return { agreementId, versions: agreementId === null ? null : (versionsOf.get(agreementId) ?? null) };
}
