/**
 * Every ticket is measured or says why (issue 18, defects 2 and 3; decision 0025), through the API on PGlite and
 * PostgreSQL. The world: acme gets an agreement in force from 1 September 2026 whose approval completes only on
 * 5 October; globex has no agreement until one is put in force later. Now is Monday 5 October 2026, 08:00Z.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { minimalDocument } from '../core/agreement/agreement-fixtures.ts';
import { type ApiFixture, createApiFixture, type TestUser } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const DAY = 86_400_000;
const iso = (instant: number) => new Date(instant).toISOString();

/** The minimal lint-clean agreement for a customer, in force from `start`, with changes to its spec. */
function agreementYaml(customer: string, start: string, edit: (spec: Record<string, unknown>) => void = () => {}) {
  const document = minimalDocument() as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  document.metadata = { id: `${customer}-support`, title: `${customer} support`, customer };
  document.spec.term = { start, end: '2027-08-31', renewal: 'manual' };
  document.spec.signatories = { provider: ['sla@provider.example'], customer: [`cio@${customer}.example`] };
  edit(document.spec);
  return stringify(document);
}

describe.each(testBackends)('tickets that are not measured say why ($name)', (backend) => {
  let api: ApiFixture;
  let provider: TestUser;
  let representatives: Record<'acme' | 'globex', TestUser>;
  let acmeAgreement: { id: string; versionId: string };

  const versionPath = (agreementId: string, versionId: string) =>
    `/api/v1/agreements/${agreementId}/versions/${versionId}`;
  /** Review and both approvals; `activate` puts the version in force too. */
  const approve = async (customer: 'acme' | 'globex', agreementId: string, versionId: string) => {
    const path = versionPath(agreementId, versionId);
    const submitted = await api.request('manager', 'POST', `${path}/submit`);
    expect(submitted.status).toBe(200);
    const approval = { contentHash: submitted.body.contentHash };
    expect((await api.requestAsUser(provider, 'POST', `${path}/approvals/provider`, approval)).status).toBe(201);
    expect(
      (await api.requestAsUser(representatives[customer], 'POST', `${path}/approvals/customer`, approval)).status,
    ).toBe(201);
  };
  const activate = async (agreementId: string, versionId: string) => {
    const activated = await api.request('manager', 'POST', `${versionPath(agreementId, versionId)}/activate`);
    expect(activated.status).toBe(200);
    return activated.body;
  };
  const openTicket = async (body: Record<string, unknown>) => {
    const opened = await api.request('agent', 'POST', '/api/v1/tickets', {
      title: 'Invoices cannot be posted',
      ...body,
    });
    expect(opened.status).toBe(201);
    return opened.body;
  };
  const ticket = async (id: string) => (await api.request('agent', 'GET', `/api/v1/tickets/${id}`)).body;

  beforeAll(async () => {
    api = await createApiFixture(backend);
    provider = await api.signInNewUser({ email: 'sla@provider.example', role: 'manager' });
    representatives = {
      acme: await api.signInNewUser({ email: 'cio@acme.example', role: 'customer', customerId: api.world.alpha.acme }),
      globex: await api.signInNewUser({
        email: 'cio@globex.example',
        role: 'customer',
        customerId: api.world.alpha.globex,
      }),
    };
    const created = await api.request('manager', 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: agreementYaml('acme', '2026-09-01'),
    });
    expect(created.status).toBe(201);
    acmeAgreement = { id: created.body.agreement.id, versionId: created.body.version.id };
    await approve('acme', acmeAgreement.id, acmeAgreement.versionId);
  });
  afterAll(() => api?.close());

  it('measures a ticket opened before the click on "put in force" from the effective date, and says why until then', async () => {
    const early = await openTicket({ customerId: api.world.alpha.acme, priority: 'P2', service: 'erp' });
    expect(early).toMatchObject({
      agreementId: acmeAgreement.id,
      agreementVersionId: null,
      measurement: {
        state: 'none',
        reason: 'no_version_in_force',
        message: 'Not measured: no version of its agreement was in force when the ticket was opened.',
      },
    });
    expect((await ticket(early.id)).clocks).toEqual([]);
    const unmeasured = await api.request('manager', 'GET', '/api/v1/tickets?measurement=none');
    expect(unmeasured.body.data.map((entry: { id: string }) => entry.id)).toContain(early.id);
    const measuredOnly = await api.request('manager', 'GET', '/api/v1/tickets?measurement=measured');
    expect(measuredOnly.body.data.map((entry: { id: string }) => entry.id)).not.toContain(early.id);

    // One day later the version is put in force: it is in force from 1 September, so the ticket is measured.
    api.clock.advance(DAY);
    const active = await activate(acmeAgreement.id, acmeAgreement.versionId);
    expect(active).toMatchObject({
      effectiveFrom: '2026-08-31T22:00:00.000Z',
      activatedAt: iso(api.clock.now()),
      clockRebuild: { status: 'done', tickets: 1 },
    });
    const measured = await ticket(early.id);
    expect(measured).toMatchObject({
      agreementVersionId: acmeAgreement.versionId,
      priority: 'P2',
      measurement: { state: 'measured', reason: null, message: null },
    });
    expect(measured.clocks.map((clock: { targetId: string }) => clock.targetId).sort()).toEqual([
      'p2-resolution',
      'p2-response',
    ]);
    const listed = await api.request(
      'manager',
      'GET',
      `/api/v1/tickets?measurement=measured&agreementId=${acmeAgreement.id}`,
    );
    expect(listed.body.data.map((entry: { id: string }) => entry.id)).toContain(early.id);
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${acmeAgreement.versionId}&limit=50`);
    expect(audit.body.data.find((entry: { action: string }) => entry.action === 'clocks.remeasured')).toMatchObject({
      after: { since: Date.parse('2026-08-31T22:00:00Z'), status: 'done', tickets: 1 },
    });
  });

  it('says when no target applies to the priority, or when there is no priority, until one does', async () => {
    const unknownPriority = await openTicket({ customerId: api.world.alpha.acme, priority: 'P9', service: 'erp' });
    expect(unknownPriority.measurement).toMatchObject({ state: 'none', reason: 'no_matching_target' });
    const noPriority = await openTicket({ customerId: api.world.alpha.acme, service: 'erp' });
    expect(noPriority.measurement).toMatchObject({ state: 'none', reason: 'no_priority' });
    const byReason = await api.request('manager', 'GET', '/api/v1/tickets?unmeasuredReason=no_priority');
    expect(byReason.body.data.map((entry: { id: string }) => entry.id)).toEqual([noPriority.id]);

    const raised = await api.request('agent', 'POST', `/api/v1/tickets/${noPriority.id}/events`, {
      key: 'priority',
      type: 'priority',
      occurredAt: iso(api.clock.now()),
      priority: 'P1',
    });
    expect(raised.status).toBe(201);
    expect((await ticket(noPriority.id)).measurement).toMatchObject({ state: 'measured' });
  });

  it('counts the tickets not measured by reason, each customer its own', async () => {
    const count = async (actor: 'manager' | 'customer' | 'otherCustomer' | 'foreignAdmin') =>
      (await api.request(actor, 'GET', '/api/v1/tickets/not-measured')).body;
    // acme has the P9 ticket (no target matches); its representative sees the same; globex and beta see none.
    const expected = {
      total: 1,
      reasons: [
        {
          reason: 'no_matching_target',
          count: 1,
          message: "no ticket target of the governing version applies to the ticket's priority",
        },
      ],
    };
    expect(await count('manager')).toEqual(expected);
    expect(await count('customer')).toEqual(expected);
    expect(await count('otherCustomer')).toEqual({ total: 0, reasons: [] });
    const ofCustomer = async (customerId: string) =>
      (await api.request('manager', 'GET', `/api/v1/tickets/not-measured?customerId=${customerId}`)).body;
    expect(await ofCustomer(api.world.alpha.acme)).toEqual(expected);
    expect(await ofCustomer(api.world.alpha.globex)).toEqual({ total: 0, reasons: [] });
    expect(await count('foreignAdmin')).toEqual({ total: 0, reasons: [] });
  });

  it('keeps a ticket of a customer without agreement, and attaches it to the agreement put in force for it', async () => {
    const orphan = await openTicket({ customerId: api.world.alpha.globex, priority: 'P1', service: 'erp' });
    expect(orphan).toMatchObject({
      agreementId: null,
      measurement: { state: 'none', reason: 'no_agreement' },
    });
    // A customer representative sees the same explanation on their own ticket.
    const seen = await api.request('otherCustomer', 'GET', `/api/v1/tickets/${orphan.id}`);
    expect(seen.body.measurement).toMatchObject({ state: 'none', reason: 'no_agreement' });

    api.clock.advance(DAY);
    const created = await api.request('manager', 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: agreementYaml('globex', '2026-10-01'),
    });
    expect(created.status).toBe(201);
    await approve('globex', created.body.agreement.id, created.body.version.id);
    await activate(created.body.agreement.id, created.body.version.id);
    expect(await ticket(orphan.id)).toMatchObject({
      agreementId: created.body.agreement.id,
      agreementVersionId: created.body.version.id,
      measurement: { state: 'measured' },
    });
  });

  it('puts an amendment without an effective date in force from its activation, and one with a date from that date', async () => {
    const before = await openTicket({ customerId: api.world.alpha.acme, priority: 'P2', service: 'erp' });
    api.clock.advance(DAY);
    const undated = await api.request('manager', 'POST', `/api/v1/agreements/${acmeAgreement.id}/versions`, {
      format: 'yaml',
      document: agreementYaml('acme', '2026-09-01', (spec) => {
        spec.version = { notes: 'P2 resolution within 12 business hours.' };
        const targets = spec.targets as { id: string; within?: string }[];
        targets.find((target) => target.id === 'p2-resolution')!.within = 'PT12H';
      }),
    });
    expect(undated).toMatchObject({ status: 201, body: { effectiveFrom: null } });
    await approve('acme', acmeAgreement.id, undated.body.id);
    api.clock.advance(DAY);
    const active = await activate(acmeAgreement.id, undated.body.id);
    expect(active).toMatchObject({ effectiveFrom: iso(api.clock.now()), clockRebuild: null });
    // Opened before the amendment took effect, and it does not apply to open tickets: still the first version.
    expect((await ticket(before.id)).agreementVersionId).toBe(acmeAgreement.versionId);
    const after = await openTicket({ customerId: api.world.alpha.acme, priority: 'P2', service: 'erp' });
    expect(after.agreementVersionId).toBe(undated.body.id);
  });

  it('says in the report how many tickets were opened, measured and not measured, and why', async () => {
    const october = await api.request('manager', 'GET', `/api/v1/agreements/${acmeAgreement.id}/report?period=2026-10`);
    expect(october.status).toBe(200);
    // Opened in October under this agreement: the early ticket, the P9 one, the one raised to P1, and two around the
    // amendment; only the P9 one matches no target.
    expect(october.body.flow).toMatchObject({
      opened: 5,
      measured: 4,
      notMeasured: {
        total: 1,
        reasons: [
          {
            reason: 'no_matching_target',
            count: 1,
            message: "no ticket target of the governing version applies to the ticket's priority",
          },
        ],
      },
    });
  });

  it('re-measures a closed, published month under a version that took effect in it, and shows the change as a correction', async () => {
    // A September ticket resolved within the first version's 16 business hours (08:00-16:00 on weekdays).
    const september = await openTicket({
      customerId: api.world.alpha.acme,
      priority: 'P2',
      service: 'erp',
      openedAt: '2026-09-21T06:00:00Z',
    });
    await api.request('agent', 'POST', `/api/v1/tickets/${september.id}/events`, {
      key: 'reply',
      type: 'agent_reply',
      occurredAt: '2026-09-21T06:30:00Z',
    });
    await api.request('agent', 'POST', `/api/v1/tickets/${september.id}/events`, {
      key: 'resolved',
      type: 'resolved',
      occurredAt: '2026-09-22T12:00:00Z',
    });
    const report = (query: string) =>
      api.request('manager', 'GET', `/api/v1/agreements/${acmeAgreement.id}/report${query}`);
    const published = (await report('?period=2026-09')).body;
    const resolution = (body: { targets: { id: string; tickets: unknown }[] }) =>
      body.targets.find((target) => target.id === 'p2-resolution')!.tickets;
    expect(resolution(published)).toMatchObject({ met: 1, breached: 0 });

    // An amendment in force from 15 September cuts P2 resolution to 4 business hours: the ticket breached.
    const dated = await api.request('manager', 'POST', `/api/v1/agreements/${acmeAgreement.id}/versions`, {
      format: 'yaml',
      document: agreementYaml('acme', '2026-09-01', (spec) => {
        spec.version = { effective: '2026-09-15', notes: 'P2 resolution within 4 business hours.' };
        const targets = spec.targets as { id: string; within?: string }[];
        targets.find((target) => target.id === 'p2-resolution')!.within = 'PT4H';
      }),
    });
    expect(dated).toMatchObject({ status: 201, body: { effectiveFrom: '2026-09-14T22:00:00.000Z' } });
    await approve('acme', acmeAgreement.id, dated.body.id);
    const active = await activate(acmeAgreement.id, dated.body.id);
    expect(active.clockRebuild).toMatchObject({ status: 'done' });
    expect((await ticket(september.id)).agreementVersionId).toBe(dated.body.id);

    const corrected = (await report('?period=2026-09')).body;
    expect(corrected.publication).toEqual(published.publication);
    expect(resolution(corrected)).toEqual(resolution(published));
    expect(corrected.corrections.dataChanged).toBe(true);
    expect(corrected.corrections.changes).toEqual(
      expect.arrayContaining([{ item: 'targets.p2-resolution.breached', published: 0, current: 1 }]),
    );
  });
});
