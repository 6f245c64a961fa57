/**
 * The months an agreement has results for (issue 18, defect 12), on GET /api/v1/agreements/:id: a report opens on the
 * latest month that meets [the effective instant of the first version put in force, the end of the last one or now],
 * read in the agreement's zone (the ERP example: Europe/Warsaw); null when no version was ever in force. The fixture's
 * now is Monday 2026-10-05 08:00Z.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementVersions } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

const at = (iso: string) => Date.parse(iso);

describe.each(testBackends)('the months an agreement reports on ($name)', (backend) => {
  let api: ApiFixture;
  const seed = (slug: string, activatedAt: string) =>
    seedActiveAgreement(api.handle, {
      workspaceId: api.world.alpha.workspaceId,
      customerId: api.world.alpha.acme,
      example: 'erp-support',
      activatedAt: at(activatedAt),
      slug,
    });
  const detail = (id: string, actor: Parameters<ApiFixture['request']>[0] = 'manager') =>
    api.request(actor, 'GET', `/api/v1/agreements/${id}`);
  const results = (id: string, period: string) =>
    api.request('manager', 'GET', `/api/v1/agreements/${id}/results?period=${period}`);

  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('opens an agreement in force since January on the current month', async () => {
    // 2025-12-31T23:30Z is already 1 January in Warsaw.
    const { agreementId } = await seed('since-january', '2025-12-31T23:30:00Z');
    const { status, body } = await detail(agreementId);
    expect(status).toBe(200);
    expect(body.reporting).toEqual({
      timezone: 'Europe/Warsaw',
      firstMonth: '2026-01',
      latestMonth: '2026-10',
      inForceNow: true,
    });
    expect((await detail(agreementId, 'customer')).body.reporting).toEqual(body.reporting);
  });

  it('opens an agreement that started this month on this month, not on the month before it', async () => {
    const { agreementId } = await seed('started-this-month', '2026-10-02T06:00:00Z');
    const { body } = await detail(agreementId);
    expect(body.reporting).toMatchObject({ firstMonth: '2026-10', latestMonth: '2026-10', inForceNow: true });
    expect((await results(agreementId, body.reporting.latestMonth)).status).toBe(200);
    expect((await results(agreementId, '2026-09')).body.error.code).toBe('AGREEMENT_NOT_IN_FORCE');
  });

  it('opens an agreement that ended on the month it ended in', async () => {
    const { agreementId, versionId } = await seed('ended-in-june', '2026-02-01T00:00:00Z');
    await api.handle.db
      .update(agreementVersions)
      .set({ status: 'terminated', endedAt: new Date(at('2026-06-15T10:00:00Z')) })
      .where(eq(agreementVersions.id, versionId));
    const { body } = await detail(agreementId);
    expect(body.reporting).toEqual({
      timezone: 'Europe/Warsaw',
      firstMonth: '2026-02',
      latestMonth: '2026-06',
      inForceNow: false,
    });
    expect((await results(agreementId, '2026-06')).status).toBe(200);
  });

  it('says plainly when no version has ever been in force', async () => {
    const { agreementId, versionId } = await seed('never-in-force', '2026-10-01T00:00:00Z');
    await api.handle.db
      .update(agreementVersions)
      .set({ status: 'approved', activatedAt: null })
      .where(eq(agreementVersions.id, versionId));
    expect((await detail(agreementId)).body.reporting).toBeNull();
  });
});
