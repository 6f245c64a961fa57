/**
 * Who a sender is, in PostgreSQL: the customers whose contacts have the address (case-insensitive, by the
 * `contacts_email` index), else the customers that list the address's domain (the `customers_email_domains` GIN index);
 * the provider's own users; tickets by their number.
 */
import { sql } from 'drizzle-orm';
import type { SenderCustomer, SenderDirectory } from '../../app/ports/mail-repository.ts';
import { domainOfAddress } from '../../core/mail/mail-identity.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { epochOf } from './row-mapping.ts';

interface CustomerRow {
  customer_id: string;
  workspace_id: string;
  slug: string;
  customer_name: string;
  timezone: string | null;
  email_domains: string[];
  created_at: string | Date;
  updated_at: string | Date;
  contact_name: string | null;
}

export function senderDirectory(db: Executor): SenderDirectory {
  return {
    async customersOf(workspaceId, address) {
      const lower = address.toLowerCase();
      const domain = domainOfAddress(lower);
      // One round trip for both ways of knowing a sender; a contact's match makes the domain's irrelevant.
      const rows = await queryRows<CustomerRow & { matched_by: 'contact' | 'domain' }>(
        db,
        sql`SELECT * FROM (
              SELECT DISTINCT ON (c.id) c.id AS customer_id, c.workspace_id, c.slug, c.name AS customer_name,
                     c.timezone, c.email_domains, c.created_at, c.updated_at, k.name AS contact_name,
                     'contact' AS matched_by
              FROM contacts k JOIN customers c ON c.id = k.customer_id AND c.workspace_id = k.workspace_id
              WHERE k.workspace_id = ${workspaceId} AND lower(k.email) = ${lower}
              ORDER BY c.id, k.created_at
            ) by_contact
            UNION ALL
            SELECT c.id, c.workspace_id, c.slug, c.name, c.timezone, c.email_domains, c.created_at, c.updated_at,
                   NULL, 'domain'
            FROM customers c
            WHERE ${domain}::text IS NOT NULL AND c.workspace_id = ${workspaceId}
              AND c.email_domains @> ARRAY[${domain}::text]`,
      );
      const byContact = rows.filter((row) => row.matched_by === 'contact');
      const chosen = byContact.length > 0 ? byContact : rows.filter((row) => row.matched_by === 'domain');
      return chosen
        .map((row) => customerOf(row, row.matched_by))
        .sort((a, b) => a.customer.name.localeCompare(b.customer.name) || a.customerId.localeCompare(b.customerId));
    },
    async providerUser(workspaceId, address) {
      const [row] = await queryRows<{ id: string; name: string; email: string; role: string }>(
        db,
        sql`SELECT id, name, email, role FROM users
            WHERE workspace_id = ${workspaceId} AND lower(email) = ${address.toLowerCase()} AND customer_id IS NULL
              AND disabled_at IS NULL`,
      );
      return row ?? null;
    },
    async addEmailDomain(workspaceId, customerId, domain) {
      await queryRows(
        db,
        sql`UPDATE customers SET email_domains = array_append(email_domains, ${domain}::text), updated_at = now()
            WHERE workspace_id = ${workspaceId} AND id = ${customerId}
              AND NOT (email_domains @> ARRAY[${domain}::text])`,
      );
    },
    async ticketIdByNumber(workspaceId, number) {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`SELECT id FROM tickets WHERE number = ${number} AND workspace_id = ${workspaceId}`,
      );
      return row?.id ?? null;
    },
  };
}

function customerOf(row: CustomerRow, matchedBy: 'contact' | 'domain'): SenderCustomer {
  return {
    customerId: row.customer_id,
    customer: {
      id: row.customer_id,
      workspaceId: row.workspace_id,
      slug: row.slug,
      name: row.customer_name,
      timezone: row.timezone,
      emailDomains: row.email_domains,
      createdAt: epochOf(row.created_at),
      updatedAt: epochOf(row.updated_at),
    },
    matchedBy,
    contactName: row.contact_name,
  };
}
