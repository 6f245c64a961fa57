/**
 * Audit entries recorded in a transaction are written to the chain at its end (decision 0042), on PGlite and on
 * PostgreSQL: several entries of one transaction keep their order, a read in the same transaction sees them, a
 * transaction that fails writes none, and transactions of one workspace running side by side never fork the chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { verifyWorkspaceAuditLog } from '../../src/app/audit/read-audit-log.ts';
import { recordChange } from '../../src/app/audit/record-change.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('audit entries written at the end of their transaction ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(async () => {
    await api?.close();
  });

  const principal = () => systemPrincipal(api.world.alpha.workspaceId, 'deferred-audit test');
  const change = (action: string) => ({ action, entityType: 'test', entityId: null });
  const newest = async (count: number) =>
    (await api.store.read.audit.list(api.world.alpha.workspaceId, { limit: count, offset: 0 }, {})).items.map(
      (entry) => entry.action,
    );

  it('writes the entries of one transaction in order, and a read in the transaction sees them', async () => {
    const seenInside = await api.store.transaction(async (repositories) => {
      await recordChange(repositories, principal(), 1, change('test.first'));
      await recordChange(repositories, principal(), 2, change('test.second'));
      const page = await repositories.audit.list(api.world.alpha.workspaceId, { limit: 2, offset: 0 }, {});
      await recordChange(repositories, principal(), 3, change('test.third'));
      return page.items.map((entry) => entry.action);
    });
    expect(seenInside).toEqual(['test.second', 'test.first']);
    expect(await newest(3)).toEqual(['test.third', 'test.second', 'test.first']);
  });

  it('writes nothing for a transaction that fails', async () => {
    const before = await api.store.read.audit.head(api.world.alpha.workspaceId);
    await expect(
      api.store.transaction(async (repositories) => {
        await recordChange(repositories, principal(), 4, change('test.rolled-back'));
        throw new Error('the use-case failed');
      }),
    ).rejects.toThrow('the use-case failed');
    expect(await api.store.read.audit.head(api.world.alpha.workspaceId)).toEqual(before);
  });

  it('keeps one unbroken chain when transactions of one workspace run side by side', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        api.store.transaction(async (repositories) => {
          await recordChange(repositories, principal(), 10 + index, change(`test.parallel-${index}-a`));
          await recordChange(repositories, principal(), 10 + index, change(`test.parallel-${index}-b`));
        }),
      ),
    );
    const actions = await newest(24);
    expect(actions.filter((action) => action.startsWith('test.parallel-')).length).toBe(24);
    // The two entries of one transaction are adjacent: b right after a.
    for (let index = 0; index < 12; index++) {
      const a = actions.indexOf(`test.parallel-${index}-a`);
      expect(actions[a - 1]).toBe(`test.parallel-${index}-b`);
    }
    const verification = await verifyWorkspaceAuditLog(api.store, api.world.alpha.workspaceId);
    expect(verification).toMatchObject({ valid: true, firstBroken: null });
  });
});
