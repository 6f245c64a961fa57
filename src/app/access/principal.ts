/**
 * Who is asking: a signed-in user or an API token, always inside one workspace, and for customer representatives
 * inside one customer. Every use-case takes a principal and derives its data scope from it.
 */
import { AppError, forbidden } from '../app-error.ts';
import { type Permission, type Role, roleAllows } from './roles.ts';

export interface Principal {
  readonly workspaceId: string;
  readonly role: Role;
  /** The customer a customer representative (or a customer-scoped token) belongs to; null for provider roles. */
  readonly customerId: string | null;
  readonly userId: string | null;
  readonly tokenId: string | null;
  /** For the audit log: "anna@provider.example" or "token ci-import". */
  readonly label: string;
}

declare const scoped: unique symbol;

/**
 * The rows a principal may see: its workspace, and its customer when it has one. Every read of customer-scoped rows
 * made for a principal takes one (the repository ports' `scope` parameters), and a scope can only be made here, by
 * `scopeOf` (a principal's) or `workspaceScope` (the system's, or a provider check of a whole workspace): the brand
 * makes a workspace id or an object literal that merely looks like a scope a type error (decision 0032).
 */
export interface DataScope {
  readonly workspaceId: string;
  readonly customerId: string | null;
  readonly [scoped]: true;
}

export function scopeOf(principal: Pick<Principal, 'workspaceId' | 'customerId'>): DataScope {
  return { workspaceId: principal.workspaceId, customerId: principal.customerId } as DataScope;
}

/** Every row of a workspace, whatever its customer: for the system's own work and provider-side checks. */
export function workspaceScope(workspaceId: string): DataScope {
  return { workspaceId, customerId: null } as DataScope;
}

/**
 * The rule of the data scope for rows already in memory: a viewer bound to a customer (a principal's scope, a
 * notification's recipient) sees only that customer's rows; one bound to none sees every customer's. The store
 * applies the same rule in SQL in one place (src/store/repositories/data-scope-predicates.ts).
 */
export function scopeAdmits(viewer: { readonly customerId: string | null }, customerId: string): boolean {
  return viewer.customerId === null || viewer.customerId === customerId;
}

/** Throws FORBIDDEN unless the principal's role grants the permission. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!roleAllows(principal.role, permission)) {
    throw forbidden(`the ${principal.role} role may not ${describe(permission)}`);
  }
}

export function systemPrincipal(workspaceId: string, label = 'system'): Principal {
  return { workspaceId, role: 'admin', customerId: null, userId: null, tokenId: null, label };
}

function describe(permission: Permission): string {
  return `perform ${permission.replace('.', ': ').replace('_', ' ')}`;
}

export function unauthenticated(message = 'sign in or send an API token (Authorization: Bearer ...)'): AppError {
  return new AppError('unauthenticated', 'UNAUTHENTICATED', message);
}
