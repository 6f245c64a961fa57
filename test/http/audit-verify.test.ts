/**
 * The audit log's verification compares the chain's end with the head the workspace stores (issue 19, finding 6):
 * deleting the newest entries breaks no hash, but leaves the chain short of that head, and verification names the
 * missing range. On PGlite and PostgreSQL, through the API (the CLI's `covenant audit verify` runs the same use-case).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/store/sql-rows.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('audit verification against the stored head ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(async () => {
    await api?.close();
  });

  const verify = async () => {
    const response = await api.request('admin', 'GET', '/api/v1/audit/verify');
    expect(response.status).toBe(200);
    return response.body;
  };
  const newestSequence = async () => (await api.request('admin', 'GET', '/api/v1/audit?limit=1')).body.data[0].sequence;
  const addEntries = async (count: number, prefix: string) => {
    for (let index = 0; index < count; index++) {
      const created = await api.request('admin', 'POST', '/api/v1/customers', {
        slug: `${prefix}-${index}`,
        name: `${prefix} ${index}`,
      });
      expect(created.status).toBe(201);
    }
  };

  it('verifies an untouched chain up to its head', async () => {
    await addEntries(3, 'untouched');
    const result = await verify();
    expect(result).toMatchObject({ valid: true, firstBroken: null });
    expect(result.checked).toBe(await newestSequence());
  });

  it('fails when the newest entries are deleted, naming the missing range', async () => {
    await addEntries(3, 'deleted');
    const newest = await newestSequence();
    await api.handle.db.execute(
      sql`DELETE FROM audit_log WHERE workspace_id = ${api.world.alpha.workspaceId} AND sequence >= ${newest - 1}`,
    );
    const result = await verify();
    expect(result).toMatchObject({
      valid: false,
      checked: newest - 2,
      firstBroken: {
        sequence: newest - 1,
        reason: `entries ${newest - 1} to ${newest} are missing: the chain ends at entry ${newest - 2} but the workspace's head is entry ${newest}`,
      },
    });
    // The other workspace's chain is untouched and still verifies.
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/audit/verify')).body).toMatchObject({ valid: true });
  });

  it('fails when only the newest entry is deleted, and when the chain ends past or beside the head', async () => {
    const workspace = api.world.beta.workspaceId;
    const verifyBeta = async () => (await api.request('foreignAdmin', 'GET', '/api/v1/audit/verify')).body;
    const created = await api.request('foreignAdmin', 'POST', '/api/v1/customers', { slug: 'solo', name: 'Solo' });
    expect(created.status).toBe(201);
    const [{ sequence }] = (await queryRows<{ sequence: number }>(
      api.handle.db,
      sql`SELECT audit_sequence::int AS sequence FROM workspaces WHERE id = ${workspace}`,
    )) as [{ sequence: number }];
    expect((await verifyBeta()).valid).toBe(true);

    // The head moved back by hand: the newest entry now lies past it.
    await api.handle.db.execute(sql`UPDATE workspaces SET audit_sequence = ${sequence - 1} WHERE id = ${workspace}`);
    expect((await verifyBeta()).firstBroken).toEqual({
      sequence,
      reason: `the chain goes on past the workspace's head (entry ${sequence - 1}) to entry ${sequence}`,
    });
    // The right sequence but another hash: the chain was rewritten.
    await api.handle.db.execute(
      sql`UPDATE workspaces SET audit_sequence = ${sequence}, audit_head = 'rewritten' WHERE id = ${workspace}`,
    );
    expect((await verifyBeta()).firstBroken).toMatchObject({ sequence, reason: expect.stringMatching(/rewritten/) });
    // The newest entry deleted: one entry missing.
    await api.handle.db.execute(
      sql`DELETE FROM audit_log WHERE workspace_id = ${workspace} AND sequence = ${sequence}`,
    );
    expect((await verifyBeta()).firstBroken).toEqual({
      sequence,
      reason: `entry ${sequence} is missing: the chain ends at entry ${sequence - 1} but the workspace's head is entry ${sequence}`,
    });
  });
});
