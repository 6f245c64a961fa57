/**
 * Use-cases of the workspace's services. Everyone with services.read sees them all (they are workspace-wide, like
 * calendars). Managers and administrators change any service; a service owner (role `owner`) changes only services
 * they own, cannot give a service to someone else, and owns what they create. The owner of a service is a user of
 * the provider (never a customer representative).
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict, forbidden, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { ServiceListFilter, ServiceRecord } from '../ports/service-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';

export interface ServiceDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

export async function createService(
  { store, clock }: ServiceDependencies,
  principal: Principal,
  input: { slug: string; name: string; ownerUserId?: string | null | undefined },
): Promise<ServiceRecord> {
  requirePermission(principal, 'services.write');
  const ownerUserId = principal.role === 'owner' ? ownOwnership(principal, input.ownerUserId) : input.ownerUserId;
  return store.transaction(async (repositories) => {
    await checkOwner(repositories, principal, ownerUserId);
    const service = await repositories.services.create({
      workspaceId: principal.workspaceId,
      slug: input.slug,
      name: input.name,
      ownerUserId: ownerUserId ?? null,
    });
    if (!service) {
      throw conflict('SERVICE_EXISTS', `a service with the id ${input.slug} already exists`, { slug: input.slug });
    }
    await recordChange(repositories, principal, clock.now(), {
      action: 'service.created',
      entityType: 'service',
      entityId: service.id,
      after: service,
    });
    return service;
  });
}

export async function listServices(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: ServiceListFilter,
): Promise<Page<ServiceRecord>> {
  requirePermission(principal, 'services.read');
  return store.read.services.list(principal.workspaceId, page, filter);
}

export async function getService(store: Store, principal: Principal, id: string): Promise<ServiceRecord> {
  requirePermission(principal, 'services.read');
  const service = await store.read.services.get(principal.workspaceId, id);
  if (!service) throw notFound('service', id);
  return service;
}

export async function updateService(
  { store, clock }: ServiceDependencies,
  principal: Principal,
  id: string,
  changes: { name?: string | undefined; ownerUserId?: string | null | undefined },
): Promise<ServiceRecord> {
  requirePermission(principal, 'services.write');
  return store.transaction(async (repositories) => {
    const before = await repositories.services.get(principal.workspaceId, id);
    if (!before) throw notFound('service', id);
    requireOwnership(principal, before);
    if (changes.ownerUserId !== undefined) {
      if (principal.role === 'owner') ownOwnership(principal, changes.ownerUserId);
      await checkOwner(repositories, principal, changes.ownerUserId);
    }
    const after = (await repositories.services.update(principal.workspaceId, id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.ownerUserId === undefined ? {} : { ownerUserId: changes.ownerUserId }),
    }))!;
    await recordChange(repositories, principal, clock.now(), {
      action: 'service.updated',
      entityType: 'service',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteService(
  { store, clock }: ServiceDependencies,
  principal: Principal,
  id: string,
): Promise<void> {
  requirePermission(principal, 'services.write');
  await store.transaction(async (repositories) => {
    const before = await repositories.services.get(principal.workspaceId, id);
    if (!before) throw notFound('service', id);
    requireOwnership(principal, before);
    await repositories.services.delete(principal.workspaceId, id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'service.deleted',
      entityType: 'service',
      entityId: id,
      before,
    });
  });
}

/** A service owner changes only the services they own. */
function requireOwnership(principal: Principal, service: ServiceRecord): void {
  if (principal.role !== 'owner') return;
  if (principal.userId === null || service.ownerUserId !== principal.userId) {
    throw forbidden(
      `service ${service.slug} is not yours: a service owner changes only the services they own`,
      'SERVICE_NOT_OWNED',
    );
  }
}

/** What a service owner may name as owner: themselves (the default), nobody else. */
function ownOwnership(principal: Principal, requested: string | null | undefined): string | null {
  if (requested !== undefined && requested !== principal.userId) {
    throw forbidden('a service owner cannot make someone else the owner of a service', 'SERVICE_NOT_OWNED');
  }
  return principal.userId;
}

async function checkOwner(repositories: Repositories, principal: Principal, ownerUserId: string | null | undefined) {
  if (ownerUserId === null || ownerUserId === undefined) return;
  const user = await repositories.users.get(principal.workspaceId, ownerUserId);
  if (!user || user.customerId !== null || user.role === 'customer') {
    throw invalid('SERVICE_OWNER_INVALID', 'the owner must be a user of the provider in this workspace', {
      issues: [{ path: 'ownerUserId', code: 'SERVICE_OWNER_INVALID', message: 'no such provider user' }],
    });
  }
}
