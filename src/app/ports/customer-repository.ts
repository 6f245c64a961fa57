/** Storage port of customers and their contacts. */
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface CustomerRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string | null;
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
  readonly signatory: boolean;
  readonly createdAt: number;
}

export interface CustomerListFilter {
  readonly search?: string | undefined;
  readonly sort?: 'name' | '-name' | 'created' | '-created' | undefined;
}

export interface CustomerRepository {
  create(workspaceId: string, input: { slug: string; name: string; timezone: string | null }): Promise<CustomerRecord>;
  /** Within the scope: a customer-bound scope sees only its own customer. */
  get(scope: DataScope, id: string): Promise<CustomerRecord | null>;
  findBySlug(scope: DataScope, slug: string): Promise<CustomerRecord | null>;
  list(scope: DataScope, page: PageRequest, filter: CustomerListFilter): Promise<Page<CustomerRecord>>;
  update(
    scope: DataScope,
    id: string,
    changes: Partial<{ name: string; timezone: string | null }>,
  ): Promise<CustomerRecord | null>;
  /** Whether agreements, tickets or users still refer to the customer. */
  isInUse(workspaceId: string, id: string): Promise<boolean>;
  delete(workspaceId: string, id: string): Promise<void>;
  addContact(
    workspaceId: string,
    customerId: string,
    input: { name: string; email: string; title: string | null; signatory: boolean },
  ): Promise<ContactRecord>;
  listContacts(scope: DataScope, customerId: string): Promise<ContactRecord[]>;
  deleteContact(scope: DataScope, customerId: string, contactId: string): Promise<boolean>;
}
