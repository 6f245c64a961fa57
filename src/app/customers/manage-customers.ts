/**
 * Use-cases of customers and their contacts. A customer representative sees only their own customer; asking for
 * another customer is answered exactly like asking for one that does not exist.
 */
import { emailDomainMessages, emailDomainProblem, normaliseEmailDomain } from '../../core/contacts/email-domain.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type {
  ContactInput,
  ContactRecord,
  CustomerListFilter,
  CustomerRecord,
  CustomerRepository,
} from '../ports/customer-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface CustomerDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

export async function createCustomer(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  input: {
    slug: string;
    name: string;
    timezone?: string | null | undefined;
    emailDomains?: readonly string[] | undefined;
  },
): Promise<CustomerRecord> {
  requirePermission(principal, 'customers.write');
  const emailDomains = normaliseDomains(input.emailDomains ?? []);
  return store.transaction(async (repositories) => {
    if (await repositories.customers.findBySlug(scopeOf(principal), input.slug)) {
      throw conflict('CUSTOMER_EXISTS', `a customer with the id ${input.slug} already exists`, { field: 'slug' });
    }
    await requireDomainsFree(repositories.customers, principal.workspaceId, emailDomains, null);
    const customer = await repositories.customers.create(principal.workspaceId, {
      slug: input.slug,
      name: input.name,
      timezone: input.timezone ?? null,
      emailDomains,
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
  changes: {
    name?: string | undefined;
    timezone?: string | null | undefined;
    emailDomains?: readonly string[] | undefined;
  },
): Promise<CustomerRecord> {
  requirePermission(principal, 'customers.write');
  const emailDomains = changes.emailDomains === undefined ? undefined : normaliseDomains(changes.emailDomains);
  return store.transaction(async (repositories) => {
    const before = await repositories.customers.get(scopeOf(principal), id);
    if (!before) throw notFound('customer', id);
    if (emailDomains) await requireDomainsFree(repositories.customers, principal.workspaceId, emailDomains, id);
    const after = await repositories.customers.update(scopeOf(principal), id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.timezone === undefined ? {} : { timezone: changes.timezone }),
      ...(emailDomains === undefined ? {} : { emailDomains }),
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

/** What a caller sends for a contact; absent optional fields are stored as null (false for signatory). */
export interface ContactFields {
  name: string;
  email: string;
  title?: string | null | undefined;
  phone?: string | null | undefined;
  role?: string | null | undefined;
  signatory?: boolean | undefined;
}

export async function addContact(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  customerId: string,
  input: ContactFields,
): Promise<ContactRecord> {
  requirePermission(principal, 'customers.write');
  const email = input.email.toLowerCase();
  return store.transaction(async (repositories) => {
    if (!(await repositories.customers.get(scopeOf(principal), customerId))) throw notFound('customer', customerId);
    await requireAddressFree(repositories.customers, principal.workspaceId, email, null);
    const contact = await repositories.customers.addContact(principal.workspaceId, customerId, {
      name: input.name,
      email,
      title: input.title ?? null,
      phone: input.phone ?? null,
      role: input.role ?? null,
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

/** Changes the fields given; a field sent as null is cleared. */
export async function updateContact(
  { store, clock }: CustomerDependencies,
  principal: Principal,
  customerId: string,
  contactId: string,
  changes: Partial<{ [K in keyof ContactFields]: ContactFields[K] }>,
): Promise<ContactRecord> {
  requirePermission(principal, 'customers.write');
  return store.transaction(async (repositories) => {
    const scope = scopeOf(principal);
    if (!(await repositories.customers.get(scope, customerId))) throw notFound('customer', customerId);
    const before = (await repositories.customers.listContacts(scope, customerId)).find(
      (contact) => contact.id === contactId,
    );
    if (!before) throw notFound('contact', contactId);
    const fields: { -readonly [K in keyof ContactInput]?: ContactInput[K] } = {};
    if (changes.name !== undefined) fields.name = changes.name;
    if (changes.email !== undefined) fields.email = changes.email.toLowerCase();
    if (changes.title !== undefined) fields.title = changes.title;
    if (changes.phone !== undefined) fields.phone = changes.phone;
    if (changes.role !== undefined) fields.role = changes.role;
    if (changes.signatory !== undefined) fields.signatory = changes.signatory;
    if (fields.email !== undefined && fields.email !== before.email) {
      await requireAddressFree(repositories.customers, principal.workspaceId, fields.email, contactId);
    }
    const after = await repositories.customers.updateContact(scope, customerId, contactId, fields);
    if (!after) throw notFound('contact', contactId);
    await recordChange(repositories, principal, clock.now(), {
      action: 'contact.updated',
      entityType: 'contact',
      entityId: contactId,
      customerId,
      before,
      after,
    });
    return after;
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

/** The stored form of the domains given, each checked as `requireClaimableDomain` checks one (decision 0041). */
function normaliseDomains(domains: readonly string[], field = 'emailDomains'): string[] {
  return [...new Set(domains.map((domain) => claimableForm(domain, field)))].sort();
}

/** A domain's stored form, or the refusal of a malformed domain or a public mail provider's. */
function claimableForm(domain: string, field: string): string {
  const normal = normaliseEmailDomain(domain);
  const problem = emailDomainProblem(normal);
  if (problem) {
    throw invalid(
      problem === 'public' ? 'EMAIL_DOMAIN_PUBLIC' : 'EMAIL_DOMAIN_INVALID',
      `${domain} ${emailDomainMessages[problem]}`,
      { field, domain },
    );
  }
  return normal;
}

/**
 * The rules of the customers API for a use-case that gives a customer an e-mail domain on the way (triage's "remember
 * the domain"): a domain name, not a public mail provider, no other customer's (decision 0041). Call it in the
 * transaction that then stores the domain; `field` names the input the refusal is about.
 */
export async function requireClaimableDomain(
  customers: CustomerRepository,
  workspaceId: string,
  customerId: string,
  domain: string,
  field: string,
): Promise<void> {
  await requireDomainsFree(customers, workspaceId, [claimableForm(domain, field)], customerId, field);
}

/** The same for a contact address a use-case adds on the way (triage's "remember the sender"). */
export async function requireClaimableAddress(
  customers: CustomerRepository,
  workspaceId: string,
  email: string,
  field: string,
): Promise<void> {
  await requireAddressFree(customers, workspaceId, email.toLowerCase(), null, field);
}

/** A domain decides whose mail a stranger's message is, so it may be only one customer's (decision 0041). */
async function requireDomainsFree(
  customers: CustomerRepository,
  workspaceId: string,
  domains: readonly string[],
  exceptCustomerId: string | null,
  field = 'emailDomains',
): Promise<void> {
  if (domains.length === 0) return;
  await customers.lockAddressBook(workspaceId);
  const [taken] = await customers.domainHolders(workspaceId, domains, exceptCustomerId);
  if (taken) {
    throw conflict(
      'EMAIL_DOMAIN_TAKEN',
      `${taken.value} is already an e-mail domain of customer ${taken.customerName}; a domain can belong to one customer only`,
      { field, domain: taken.value, customerId: taken.customerId, customerName: taken.customerName },
    );
  }
}

/** A contact's address decides whose mail its messages are, so it may be one contact's only (decision 0041). */
async function requireAddressFree(
  customers: CustomerRepository,
  workspaceId: string,
  email: string,
  exceptContactId: string | null,
  field = 'email',
): Promise<void> {
  await customers.lockAddressBook(workspaceId);
  const holder = await customers.contactAddressHolder(workspaceId, email, exceptContactId);
  if (holder) {
    throw conflict(
      'CONTACT_EMAIL_TAKEN',
      `${email} is already a contact of customer ${holder.customerName}; an address can belong to one contact only`,
      { field, email, customerId: holder.customerId, customerName: holder.customerName },
    );
  }
}
