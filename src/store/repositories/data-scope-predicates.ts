/**
 * The data scope in SQL, in one place (decision 0032): every repository bounds its customer-scoped rows with
 * `inDataScope`, the SQL form of `scopeAdmits` (src/app/access/principal.ts). A scope bound to a customer sees that
 * customer's rows (and, for tables whose rows may affect the whole workspace, the rows with no customer); a scope
 * bound to none sees every row of its workspace.
 */
import { and, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../app/access/principal.ts';

export interface ScopedColumns {
  /** The row's workspace. */
  readonly workspace: PgColumn | SQL;
  /** The customer the row belongs to (the id itself for the customers table). */
  readonly customer: PgColumn | SQL;
  /** True when a row without a customer affects the whole workspace and every scope of it sees it. */
  readonly sharedRows?: boolean;
}

export function inDataScope(scope: DataScope, columns: ScopedColumns): SQL {
  const inWorkspace = sql`${columns.workspace} = ${scope.workspaceId}`;
  if (scope.customerId === null) return inWorkspace;
  const ownCustomer = sql`${columns.customer} = ${scope.customerId}`;
  return and(inWorkspace, columns.sharedRows ? or(ownCustomer, isNull(columns.customer)) : ownCustomer)!;
}

/** The columns of a table aliased in raw SQL (`c.workspace_id`, `c.customer_id`). */
export function aliasedColumns(alias: 'c' | 'd' | 't'): ScopedColumns {
  return { workspace: sql.raw(`${alias}.workspace_id`), customer: sql.raw(`${alias}.customer_id`) };
}
