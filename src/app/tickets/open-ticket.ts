/**
 * Use-case: open a ticket for a customer (a customer representative always opens it for their own customer). The
 * agreement is the one named, else the customer's agreement in force at the opening, else the customer's only
 * agreement (decision 0025); the ticket's `opened` event is recorded and its clocks computed in the same
 * transaction. A retried request with the same Idempotency-Key returns the ticket it created the first time; a key
 * already used for a ticket the principal may not see answers IDEMPOTENCY_KEY_CONFLICT, saying nothing of that ticket
 * (decision 0032: keys are unique in the workspace, so taking it as unknown could only fail later).
 */
import { versionInForceAt } from '../../core/agreement/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { type AppError, conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Clock, Store } from '../ports/store.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import { appendAndProject, lockTickets, type ProjectedTicket } from './project-ticket-clocks.ts';
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
}

export interface OpenedTicket {
  readonly created: boolean;
  readonly ticket: TicketRecord;
  readonly projection: ProjectedTicket | null;
}

export async function openTicket(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  input: OpenTicketInput,
): Promise<OpenedTicket> {
  requirePermission(principal, 'tickets.create');
  const now = clock.now();
  const openedAt = input.openedAt ?? now;
  if (openedAt > now + FUTURE_TOLERANCE_MS) throw invalid('EVENT_IN_FUTURE', 'openedAt is in the future');
  if (input.idempotencyKey) {
    const existing = await store.read.tickets.findByIdempotencyKey(scopeOf(principal), input.idempotencyKey);
    if (existing === 'outside-scope') throw keyConflict();
    if (existing) return { created: false, ticket: existing, projection: null };
  }
  const opened = await store.transaction(async (repositories) => {
    const customerId = input.customerId ?? principal.customerId;
    if (!customerId) throw invalid('CUSTOMER_REQUIRED', 'name the customer the ticket is for (customerId)');
    const customer = await repositories.customers.get(scopeOf(principal), customerId);
    if (!customer) throw notFound('customer', customerId);
    const agreementId = await chooseAgreement(repositories, principal, customer.id, input.agreementId, openedAt);
    if (input.externalRef && (await repositories.tickets.findByExternalRef(scopeOf(principal), input.externalRef))) {
      throw invalid('EXTERNAL_REF_EXISTS', `a ticket with the external reference ${input.externalRef} already exists`);
    }
    const ticket = await repositories.tickets.create({
      workspaceId: principal.workspaceId,
      customerId: customer.id,
      agreementId,
      agreementVersionId: null,
      externalRef: input.externalRef ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      title: input.title,
      description: input.description ?? null,
      service: input.service ?? null,
      category: input.category ?? null,
      channel: input.channel ?? null,
      openedAt,
      recordedAt: now,
      createdBy: principal.userId,
    });
    if (ticket === null) return null;
    const locked = await lockTickets(repositories, principal.workspaceId, [ticket.id]);
    const { projected } = await appendAndProject(
      repositories,
      principal.workspaceId,
      locked,
      [
        {
          ticketId: ticket.id,
          customerId: ticket.customerId,
          event: {
            id: 'opened',
            type: 'opened',
            occurredAt: openedAt,
            priority: input.priority,
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
    );
    const projection = projected[0];
    const stored = (await repositories.tickets.get(scopeOf(principal), ticket.id))!;
    await recordChange(repositories, principal, now, {
      action: 'ticket.opened',
      entityType: 'ticket',
      entityId: ticket.id,
      customerId: ticket.customerId,
      after: { title: stored.title, priority: stored.priority, agreementId, openedAt },
    });
    return { created: true, ticket: stored, projection: projection ?? null };
  });
  if (opened !== null) return opened;
  const twin = input.idempotencyKey
    ? await store.read.tickets.findByIdempotencyKey(scopeOf(principal), input.idempotencyKey)
    : null;
  if (twin === 'outside-scope') throw keyConflict();
  if (twin) return { created: false, ticket: twin, projection: null };
  throw invalid('EXTERNAL_REF_EXISTS', `a ticket with the external reference ${input.externalRef} already exists`);
}

function keyConflict(): AppError {
  return conflict(
    'IDEMPOTENCY_KEY_CONFLICT',
    'the Idempotency-Key was already used for another request; send a new key for a new ticket',
  );
}

async function chooseAgreement(
  repositories: Parameters<Parameters<Store['transaction']>[0]>[0],
  principal: Principal,
  customerId: string,
  requested: string | undefined,
  openedAt: number,
): Promise<string | null> {
  if (requested !== undefined) {
    const agreement = await repositories.agreements.get(scopeOf(principal), requested);
    if (!agreement || agreement.customerId !== customerId) throw notFound('agreement', requested);
    return agreement.id;
  }
  const all = await repositories.tickets.agreementCandidates(principal.workspaceId, customerId);
  const inForce: typeof all = [];
  for (const candidate of all) {
    const versions = await repositories.agreements.pinningCandidates(principal.workspaceId, candidate.agreementId);
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
  return inForce[0]?.agreementId ?? (all.length === 1 ? all[0]!.agreementId : null);
}
