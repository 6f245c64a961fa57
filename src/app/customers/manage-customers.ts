/**
 * Use-cases of customers and their contacts. A customer representative sees only their own customer; asking for
 * another customer is answered exactly like asking for one that does not exist.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { conflict, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ContactRecord, CustomerListFilter, CustomerRecord } from '../ports/customer-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface CustomerDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

export async function createCustomer(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  input: { slug: string; name: string; timezone?: string | null | undefined },
): Promise<CustomerRecord> {
  requirePermission(principal, 'customers.write');
  return store.transaction(async (repositories) => {
    if (await repositories.customers.findBySlug(scopeOf(principal), input.slug)) {
      throw conflict('CUSTOMER_EXISTS', `a customer with the id ${input.slug} already exists`);
    }
    const customer = await repositories.customers.create(principal.workspaceId, {
      slug: input.slug,
      name: input.name,
      timezone: input.timezone ?? null,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'customer.created',
      entityType: 'customer',
      entityId: customer.id,
      customerId: customer.id,
      after: customer,
    });
    return customer;
  });
}

export async function listCustomers(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: CustomerListFilter,
): Promise<Page<CustomerRecord>> {
  requirePermission(principal, 'customers.read');
  return store.read.customers.list(scopeOf(principal), page, filter);
}

export async function getCustomer(store: Store, principal: Principal, id: string): Promise<CustomerRecord> {
  requirePermission(principal, 'customers.read');
  const customer = await store.read.customers.get(scopeOf(principal), id);
  if (!customer) throw notFound('customer', id);
  return customer;
}

export async function updateCustomer(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  id: string,
  changes: { name?: string | undefined; timezone?: string | null | undefined },
): Promise<CustomerRecord> {
  requirePermission(principal, 'customers.write');
  return store.transaction(async (repositories) => {
    const before = await repositories.customers.get(scopeOf(principal), id);
    if (!before) throw notFound('customer', id);
    const after = await repositories.customers.update(scopeOf(principal), id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.timezone === undefined ? {} : { timezone: changes.timezone }),
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'customer.updated',
      entityType: 'customer',
      entityId: id,
      customerId: id,
      before,
      after,
    });
    return after!;
  });
}

export async function deleteCustomer(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  id: string,
): Promise<void> {
  requirePermission(principal, 'customers.write');
  await store.transaction(async (repositories) => {
    const before = await repositories.customers.get(scopeOf(principal), id);
    if (!before) throw notFound('customer', id);
    if (await repositories.customers.isInUse(principal.workspaceId, id)) {
      throw conflict(
        'CUSTOMER_IN_USE',
        `customer ${before.slug} still has agreements, tickets or users; remove them first`,
      );
    }
    await repositories.customers.delete(principal.workspaceId, id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'customer.deleted',
      entityType: 'customer',
      entityId: id,
      customerId: id,
      before,
    });
  });
}

export async function addContact(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  customerId: string,
  input: { name: string; email: string; title?: string | null | undefined; signatory?: boolean | undefined },
): Promise<ContactRecord> {
  requirePermission(principal, 'customers.write');
  return store.transaction(async (repositories) => {
    if (!(await repositories.customers.get(scopeOf(principal), customerId))) throw notFound('customer', customerId);
    const contact = await repositories.customers.addContact(principal.workspaceId, customerId, {
      name: input.name,
      email: input.email.toLowerCase(),
      title: input.title ?? null,
      signatory: input.signatory ?? false,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'contact.created',
      entityType: 'contact',
      entityId: contact.id,
      customerId,
      after: contact,
    });
    return contact;
  });
}

export async function listContacts(store: Store, principal: Principal, customerId: string): Promise<ContactRecord[]> {
  requirePermission(principal, 'customers.read');
  if (!(await store.read.customers.get(scopeOf(principal), customerId))) throw notFound('customer', customerId);
  return store.read.customers.listContacts(scopeOf(principal), customerId);
}

export async function deleteContact(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  customerId: string,
  contactId: string,
): Promise<void> {
  requirePermission(principal, 'customers.write');
  await store.transaction(async (repositories) => {
    if (!(await repositories.customers.get(scopeOf(principal), customerId))) throw notFound('customer', customerId);
    if (!(await repositories.customers.deleteContact(scopeOf(principal), customerId, contactId))) {
      throw notFound('contact', contactId);
    }
    await recordChange(repositories, principal, clock.now(), {
      action: 'contact.deleted',
      entityType: 'contact',
      entityId: contactId,
      customerId,
    });
  });
}
