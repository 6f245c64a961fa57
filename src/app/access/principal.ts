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

/** The rows a principal may see: its workspace, and its customer when it has one. */
export interface DataScope {
  readonly workspaceId: string;
  readonly customerId: string | null;
}

export function scopeOf(principal: Principal): DataScope {
  return { workspaceId: principal.workspaceId, customerId: principal.customerId };
}

/** Throws FORBIDDEN unless the principal's role grants the permission. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!roleAllows(principal.role, permission)) {
    throw forbidden(`the ${principal.role} role may not ${describe(permission)}`);
  }
}

/** For customer-scoped rows: a principal bound to another customer must not learn the row exists. */
export function canSeeCustomer(principal: Principal, customerId: string): boolean {
  return principal.customerId === null || principal.customerId === customerId;
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
