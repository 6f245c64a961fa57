/**
 * The data scope cannot be forgotten (decision 0032): the repository reads of customer-scoped rows take a `DataScope`,
 * and a scope is made only by `scopeOf` or `workspaceScope`. The `@ts-expect-error` lines are checked by `tsc`
 * (`npx tsc --noEmit`, in CI): if any of those calls compiled, the directive itself would be the error.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type DataScope,
  type Principal,
  scopeAdmits,
  scopeOf,
  workspaceScope,
} from '../../src/app/access/principal.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { TicketRepository } from '../../src/app/ports/ticket-repository.ts';

/** Never called: it exists for the type checker. */
function readsWithoutAScope(store: Store, principal: Principal) {
  // @ts-expect-error a workspace id is not a scope
  void store.read.tickets.get(principal.workspaceId, 'ticket');
  // @ts-expect-error an object that merely looks like a scope is not one: only scopeOf and workspaceScope make one
  void store.read.tickets.get({ workspaceId: principal.workspaceId, customerId: principal.customerId }, 'ticket');
  // @ts-expect-error the idempotency key is looked up within a scope (issue 19, finding 2)
  void store.read.tickets.findByIdempotencyKey(principal.workspaceId, 'key');
  // @ts-expect-error a ticket's events are read within a scope
  void store.read.tickets.eventsOf(principal.workspaceId, 'ticket');
  // @ts-expect-error the principal itself is not its scope
  void store.read.customers.get(principal, 'customer');
  // @ts-expect-error
  void store.read.factReferences.agreementCustomer(principal.workspaceId, 'agreement');
  // With a scope, the same reads compile.
  void store.read.tickets.get(scopeOf(principal), 'ticket');
  void store.read.tickets.findByIdempotencyKey(scopeOf(principal), 'key');
  void store.read.customers.get(workspaceScope(principal.workspaceId), 'customer');
}

describe('the data scope', () => {
  it('is the first parameter of every customer-scoped ticket read', () => {
    expectTypeOf(readsWithoutAScope).toBeFunction();
    expectTypeOf<Parameters<TicketRepository['get']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<Parameters<TicketRepository['findByIdempotencyKey']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<Parameters<TicketRepository['findByExternalRef']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<Parameters<TicketRepository['list']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<Parameters<TicketRepository['unmeasuredCounts']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<Parameters<TicketRepository['eventsOf']>[0]>().toEqualTypeOf<DataScope>();
    expectTypeOf<string>().not.toExtend<DataScope>();
  });

  it("admits a customer-bound viewer to its customer's rows only, and a provider to every customer's", () => {
    const acme = scopeOf({ workspaceId: 'w', customerId: 'acme' });
    expect([scopeAdmits(acme, 'acme'), scopeAdmits(acme, 'globex')]).toEqual([true, false]);
    const provider = workspaceScope('w');
    expect([scopeAdmits(provider, 'acme'), scopeAdmits(provider, 'globex')]).toEqual([true, true]);
    expect(provider).toEqual({ workspaceId: 'w', customerId: null });
  });
});
