/** Storage port of customers and their contacts. */
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface CustomerRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string | null;
  /** Lower case; a domain belongs to at most one customer of a workspace (decision 0041). */
  readonly emailDomains: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ContactRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly title: string | null;
  readonly phone: string | null;
  /** The part the contact plays for support (key user, technical contact, escalation…): free text. */
  readonly role: string | null;
  readonly signatory: boolean;
  readonly createdAt: number;
}

export type ContactInput = Pick<ContactRecord, 'name' | 'email' | 'title' | 'phone' | 'role' | 'signatory'>;

/** Who already holds an e-mail domain or a contact address (the conflicts decision 0041 refuses). */
export interface AddressHolder {
  readonly value: string;
  readonly customerId: string;
  readonly customerName: string;
}

export interface CustomerListFilter {
  readonly search?: string | undefined;
  readonly sort?: 'name' | '-name' | 'created' | '-created' | undefined;
}

export interface CustomerRepository {
  create(
    workspaceId: string,
    input: { slug: string; name: string; timezone: string | null; emailDomains: readonly string[] },
  ): Promise<CustomerRecord>;
  /** Within the scope: a customer-bound scope sees only its own customer. */
  get(scope: DataScope, id: string): Promise<CustomerRecord | null>;
  findBySlug(scope: DataScope, slug: string): Promise<CustomerRecord | null>;
  list(scope: DataScope, page: PageRequest, filter: CustomerListFilter): Promise<Page<CustomerRecord>>;
  update(
    scope: DataScope,
    id: string,
    changes: Partial<{ name: string; timezone: string | null; emailDomains: readonly string[] }>,
  ): Promise<CustomerRecord | null>;
  /** Whether agreements, tickets or users still refer to the customer. */
  isInUse(workspaceId: string, id: string): Promise<boolean>;
  delete(workspaceId: string, id: string): Promise<void>;
  addContact(workspaceId: string, customerId: string, input: ContactInput): Promise<ContactRecord>;
  listContacts(scope: DataScope, customerId: string): Promise<ContactRecord[]>;
  updateContact(
    scope: DataScope,
    customerId: string,
    contactId: string,
    changes: Partial<ContactInput>,
  ): Promise<ContactRecord | null>;
  deleteContact(scope: DataScope, customerId: string, contactId: string): Promise<boolean>;
  /**
   * Serialises changes to a workspace's e-mail domains and contact addresses until the transaction ends, so two
   * requests cannot both find a domain free and both take it.
   */
  lockAddressBook(workspaceId: string): Promise<void>;
  /** The customers (other than `exceptCustomerId`) that hold any of these domains. */
  domainHolders(
    workspaceId: string,
    domains: readonly string[],
    exceptCustomerId: string | null,
  ): Promise<AddressHolder[]>;
  /** The customer whose contact has this address (other than `exceptContactId`), if any. */
  contactAddressHolder(
    workspaceId: string,
    email: string,
    exceptContactId: string | null,
  ): Promise<AddressHolder | null>;
}
