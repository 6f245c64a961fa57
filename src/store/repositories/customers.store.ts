/** Customers and contacts in PostgreSQL; every query is bounded by the caller's data scope. */
import { and, arrayOverlaps, asc, count, desc, eq, ilike, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type { ContactRecord, CustomerRecord, CustomerRepository } from '../../app/ports/customer-repository.ts';
import type { Database } from '../database.ts';
import { contacts, customers } from '../schema.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { likePattern, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

function customerRecord(row: typeof customers.$inferSelect): CustomerRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    emailDomains: row.emailDomains,
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

function contactRecord(row: typeof contacts.$inferSelect): ContactRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    name: row.name,
    email: row.email,
    title: row.title,
    phone: row.phone,
    role: row.role,
    signatory: row.signatory,
    createdAt: millis(row.createdAt),
  };
}

/** The scope as a predicate on the customers table (a customer is its own customer). */
const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: customers.workspaceId, customer: customers.id });
const contactsInScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: contacts.workspaceId, customer: contacts.customerId });

export function customerRepository(db: Db): CustomerRepository {
  return {
    async create(workspaceId, input) {
      const [row] = await db
        .insert(customers)
        .values({ workspaceId, ...input, emailDomains: [...input.emailDomains] })
        .returning();
      return customerRecord(row!);
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(inScope(scope), eq(customers.id, id)));
      return row ? customerRecord(row) : null;
    },
    async findBySlug(scope, slug) {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(inScope(scope), eq(customers.slug, slug)));
      return row ? customerRecord(row) : null;
    },
    async list(scope, page, filter) {
      const conditions = [inScope(scope)];
      if (filter.search) {
        const pattern = likePattern(filter.search);
        conditions.push(or(ilike(customers.name, pattern), ilike(customers.slug, pattern))!);
      }
      const where = and(...conditions);
      const order =
        filter.sort === '-name'
          ? desc(customers.name)
          : filter.sort === 'created'
            ? asc(customers.createdAt)
            : filter.sort === '-created'
              ? desc(customers.createdAt)
              : asc(customers.name);
      const rows = await db
        .select()
        .from(customers)
        .where(where)
        .orderBy(order, asc(customers.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(customers).where(where);
      return { items: rows.map(customerRecord), total: Number(total?.value ?? 0), ...page };
    },
    async update(scope, id, changes) {
      const [row] = await db
        .update(customers)
        .set({
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.timezone === undefined ? {} : { timezone: changes.timezone }),
          ...(changes.emailDomains === undefined ? {} : { emailDomains: [...changes.emailDomains] }),
          updatedAt: sql`now()`,
        })
        .where(and(inScope(scope), eq(customers.id, id)))
        .returning();
      return row ? customerRecord(row) : null;
    },
    async isInUse(workspaceId, id) {
      const result = (await db.execute(sql`
        SELECT EXISTS (SELECT 1 FROM agreements WHERE workspace_id = ${workspaceId} AND customer_id = ${id})
            OR EXISTS (SELECT 1 FROM tickets WHERE workspace_id = ${workspaceId} AND customer_id = ${id})
            OR EXISTS (SELECT 1 FROM users WHERE workspace_id = ${workspaceId} AND customer_id = ${id}) AS in_use`)) as unknown as {
        rows: { in_use: boolean }[];
      };
      return result.rows[0]?.in_use === true;
    },
    async delete(workspaceId, id) {
      await db.delete(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
    },
    async addContact(workspaceId, customerId, input) {
      const [row] = await db
        .insert(contacts)
        .values({ workspaceId, customerId, ...input })
        .returning();
      return contactRecord(row!);
    },
    async listContacts(scope, customerId) {
      const rows = await db
        .select()
        .from(contacts)
        .where(and(contactsInScope(scope), eq(contacts.customerId, customerId)))
        .orderBy(asc(contacts.name));
      return rows.map(contactRecord);
    },
    async updateContact(scope, customerId, contactId, changes) {
      const [row] = await db
        .update(contacts)
        .set(changes)
        .where(and(contactsInScope(scope), eq(contacts.customerId, customerId), eq(contacts.id, contactId)))
        .returning();
      return row ? contactRecord(row) : null;
    },
    async lockAddressBook(workspaceId) {
      await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`covenant.address-book:${workspaceId}`}))`);
    },
    async domainHolders(workspaceId, domains, exceptCustomerId) {
      if (domains.length === 0) return [];
      const rows = await db
        .select({ id: customers.id, name: customers.name, emailDomains: customers.emailDomains })
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            arrayOverlaps(customers.emailDomains, [...domains]),
            exceptCustomerId ? ne(customers.id, exceptCustomerId) : undefined,
          ),
        )
        .orderBy(asc(customers.name));
      return rows.flatMap((row) =>
        row.emailDomains
          .filter((domain) => domains.includes(domain))
          .map((domain) => ({ value: domain, customerId: row.id, customerName: row.name })),
      );
    },
    async contactAddressHolder(workspaceId, email, exceptContactId) {
      const [row] = await db
        .select({ customerId: contacts.customerId, customerName: customers.name })
        .from(contacts)
        .innerJoin(customers, eq(customers.id, contacts.customerId))
        .where(
          and(
            eq(contacts.workspaceId, workspaceId),
            sql`lower(${contacts.email}) = lower(${email})`,
            exceptContactId ? ne(contacts.id, exceptContactId) : undefined,
          ),
        )
        .limit(1);
      return row ? { value: email, customerId: row.customerId, customerName: row.customerName } : null;
    },
    async deleteContact(scope, customerId, contactId) {
      const rows = await db
        .delete(contacts)
        .where(and(contactsInScope(scope), eq(contacts.customerId, customerId), eq(contacts.id, contactId)))
        .returning();
      return rows.length > 0;
    },
  };
}
