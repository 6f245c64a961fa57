import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementContentHash, parseAgreement } from '../../src/core/agreement/index.ts';
import { type ApiFixture, createApiFixture, type TestUser } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const erpYaml = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');

function replaceOnce(text: string, search: string, replacement: string): string {
  expect(text.split(search)).toHaveLength(2);
  return text.replace(search, replacement);
}

/** Version 1 as edited in review: P3 response within 3 hours instead of 4. */
const erpEdited = replaceOnce(
  erpYaml,
  'priorities: [P3], within: PT4H, calendar: business',
  'priorities: [P3], within: PT3H, calendar: business',
);
/** The amendment: P1 resolution goal 92 %, effective from October, applying to open tickets. */
const erpAmended = replaceOnce(
  replaceOnce(
    replaceOnce(
      erpEdited,
      '      goal: 90%\n      warnAt: [50%, 75%, 90%]',
      '      goal: 92%\n      warnAt: [50%, 75%, 90%]',
    ),
    'priorities: [P3], within: PT27H,',
    'priorities: [P3], within: PT30H,',
  ),
  '    notes: First version, signed after the hypercare period ended on 2025-12-19.',
  '    effective: 2026-10-01\n    notes: P1 resolution goal raised to 92 %.\n    appliesToOpenTickets: true',
);

const DAY = 86_400_000;

/** The 1-based line and column in `text` of `part`, in the first place where `context` is written (default: part). */
function positionOf(text: string, part: string, context = part): { line: number; column: number } {
  expect(text.split(context)).toHaveLength(2);
  const offset = text.indexOf(context) + context.indexOf(part);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe.each(testBackends)('agreements API ($name)', (backend) => {
  let api: ApiFixture;
  let stalmet: string;
  let anna: TestUser; // provider signatory
  let pawel: TestUser; // manager, not a signatory
  let director: TestUser; // customer signatory
  let clerk: TestUser; // customer representative, not a signatory
  let adminUser: TestUser;

  beforeAll(async () => {
    api = await createApiFixture(backend);
    const customer = await api.request('manager', 'POST', '/api/v1/customers', {
      slug: 'stalmet',
      name: 'Stalmet S.A.',
    });
    stalmet = customer.body.id;
    anna = await api.signInNewUser({ email: 'anna.wisniewska@northwind-erp.example', role: 'manager' });
    pawel = await api.signInNewUser({ email: 'pawel.zielinski@northwind-erp.example', role: 'manager' });
    director = await api.signInNewUser({ email: 'it-director@stalmet.example', role: 'customer', customerId: stalmet });
    clerk = await api.signInNewUser({ email: 'clerk@stalmet.example', role: 'customer', customerId: stalmet });
    adminUser = await api.userOf('admin');
  });
  afterAll(() => api?.close());

  it('takes the ERP agreement from draft through review, both approvals and activation to an amendment that supersedes it', async () => {
    // Create: version 1, a draft, with its lint findings and the normalised content.
    const created = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document: erpYaml });
    expect(created.status).toBe(201);
    const { agreement, version } = created.body;
    expect(agreement).toMatchObject({ slug: 'stalmet-erp-support', customerId: stalmet, customer: 'stalmet' });
    expect(agreement.latestVersion).toMatchObject({ number: 1, status: 'draft' });
    expect(created.headers.location).toBe(`/api/v1/agreements/${agreement.id}`);
    expect(version).toMatchObject({
      number: 1,
      status: 'draft',
      revision: 1,
      sourceFormat: 'yaml',
      sourceText: erpYaml,
    });
    expect(version.contentHash).toBe(agreementContentHash(parseAgreement(erpYaml)));
    expect(Array.isArray(version.lint)).toBe(true);
    expect(version.lint.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([]);
    const p1Response = version.content.spec.targets.find((target: { id: string }) => target.id === 'p1-response');
    expect(p1Response).toMatchObject({ within: 30 * 60_000, goal: 95, warnAt: [50, 80] });
    expect(version.allowedActions).toEqual(['edit', 'submit']);
    const v1 = `/api/v1/agreements/${agreement.id}/versions/${version.id}`;

    // A draft is the provider's working copy: the customer's signatory does not see it yet.
    expect((await api.requestAsUser(director, 'GET', `/api/v1/agreements/${agreement.id}`)).status).toBe(404);
    expect((await api.requestAsUser(director, 'GET', v1)).status).toBe(404);
    expect((await api.requestAsUser(director, 'GET', '/api/v1/agreements')).body.data).toEqual([]);

    // Optimistic concurrency on edits: the ETag is the revision.
    const read = await api.request('manager', 'GET', v1);
    expect(read.headers.etag).toBe('"1"');
    const edit = { format: 'yaml', document: erpEdited };
    const withoutIfMatch = await api.request('manager', 'PUT', v1, edit);
    expect(withoutIfMatch).toMatchObject({ status: 428, body: { error: { code: 'PRECONDITION_REQUIRED' } } });
    const edited = await api.request('manager', 'PUT', v1, edit, { 'if-match': '"1"' });
    expect(edited).toMatchObject({ status: 200, body: { revision: 2, status: 'draft' } });
    expect(edited.headers.etag).toBe('"2"');
    expect(edited.body.contentHash).toBe(agreementContentHash(parseAgreement(erpEdited)));
    const stale = await api.request('manager', 'PUT', v1, edit, { 'if-match': '"1"' });
    expect(stale).toMatchObject({ status: 412, body: { error: { code: 'PRECONDITION_FAILED' } } });
    expect(stale.body.error.details).toMatchObject({ expectedRevision: 1, currentRevision: 2 });

    // Submit: lint is clean, so it goes to review, and the customer now sees it.
    const submitted = await api.request('manager', 'POST', `${v1}/submit`);
    expect(submitted).toMatchObject({ status: 200, body: { status: 'in_review', revision: 3 } });
    const hash = submitted.body.contentHash;
    expect((await api.requestAsUser(director, 'GET', v1)).body.status).toBe('in_review');
    const inReviewEdit = await api.request('manager', 'PUT', v1, edit, { 'if-match': '"3"' });
    expect(inReviewEdit).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_VERSION_LOCKED' } } });

    // Provider approval: a signed-in signatory, for the exact content seen.
    const byToken = await api.request('manager', 'POST', `${v1}/approvals/provider`, { contentHash: hash });
    expect(byToken).toMatchObject({ status: 403, body: { error: { code: 'APPROVAL_REQUIRES_USER' } } });
    const notSignatory = await api.requestAsUser(pawel, 'POST', `${v1}/approvals/provider`, { contentHash: hash });
    expect(notSignatory).toMatchObject({ status: 422, body: { error: { code: 'APPROVER_NOT_SIGNATORY' } } });
    const wrongHash = await api.requestAsUser(anna, 'POST', `${v1}/approvals/provider`, {
      contentHash: agreementContentHash(parseAgreement(erpYaml)),
    });
    expect(wrongHash).toMatchObject({ status: 422, body: { error: { code: 'APPROVAL_HASH_MISMATCH' } } });
    const providerApproved = await api.requestAsUser(anna, 'POST', `${v1}/approvals/provider`, { contentHash: hash });
    expect(providerApproved).toMatchObject({ status: 201, body: { status: 'approved_by_provider' } });
    expect(providerApproved.body.approvals).toEqual([
      {
        party: 'provider',
        userId: anna.user.id,
        email: 'anna.wisniewska@northwind-erp.example',
        contentHash: hash,
        approvedAt: '2026-10-05T08:00:00.000Z',
      },
    ]);
    const again = await api.requestAsUser(anna, 'POST', `${v1}/approvals/provider`, { contentHash: hash });
    expect(again).toMatchObject({ status: 422, body: { error: { code: 'APPROVAL_ALREADY_GIVEN' } } });

    // Customer approval: only a representative of the customer, and only a named signatory.
    const byProvider = await api.requestAsUser(adminUser, 'POST', `${v1}/approvals/customer`, { contentHash: hash });
    expect(byProvider).toMatchObject({ status: 403, body: { error: { code: 'NOT_CUSTOMER_REPRESENTATIVE' } } });
    const otherCustomer = await api.requestAsUser('customer', 'POST', `${v1}/approvals/customer`, {
      contentHash: hash,
    });
    expect(otherCustomer.status).toBe(404);
    const byClerk = await api.requestAsUser(clerk, 'POST', `${v1}/approvals/customer`, { contentHash: hash });
    expect(byClerk).toMatchObject({ status: 422, body: { error: { code: 'APPROVER_NOT_SIGNATORY' } } });
    const approved = await api.requestAsUser(director, 'POST', `${v1}/approvals/customer`, { contentHash: hash });
    expect(approved).toMatchObject({
      status: 201,
      body: { status: 'approved', allowedActions: ['activate', 'supersede'] },
    });
    expect(approved.body.approvals.map((approval: { email: string }) => approval.email)).toEqual([
      'anna.wisniewska@northwind-erp.example',
      'it-director@stalmet.example',
    ]);

    // Approved content is locked; activation puts it in force.
    const locked = await api.request('manager', 'PUT', v1, edit, { 'if-match': `"${approved.body.revision}"` });
    expect(locked).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_VERSION_LOCKED' } } });
    expect((await api.request('owner', 'POST', `${v1}/activate`)).status).toBe(403);
    const active = await api.request('manager', 'POST', `${v1}/activate`);
    expect(active).toMatchObject({
      status: 200,
      // In force from its effective date (the term start), before the click: the tickets opened since are measured.
      body: {
        status: 'active',
        activatedAt: '2026-10-05T08:00:00.000Z',
        clockRebuild: { status: 'done', tickets: 0, clocks: 0 },
      },
    });

    // The amendment: version 2 from a document; only one open version at a time.
    api.clock.advance(DAY);
    const amendment = await api.request('manager', 'POST', `/api/v1/agreements/${agreement.id}/versions`, {
      format: 'yaml',
      document: erpAmended,
    });
    expect(amendment).toMatchObject({ status: 201, body: { number: 2, status: 'draft', appliesToOpenTickets: true } });
    const second = await api.request('manager', 'POST', `/api/v1/agreements/${agreement.id}/versions`, {
      format: 'yaml',
      document: erpAmended,
    });
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'AGREEMENT_OPEN_VERSION_EXISTS' } } });
    const v2 = `/api/v1/agreements/${agreement.id}/versions/${amendment.body.id}`;

    const diff = await api.request(
      'manager',
      'GET',
      `/api/v1/agreements/${agreement.id}/diff?from=${version.id}&to=${amendment.body.id}`,
    );
    expect(diff.status).toBe(200);
    // Each value as the model has it (milliseconds, for programs) and as people read it (hours and minutes).
    expect(diff.body.changes).toEqual([
      {
        path: 'spec.targets[p1-resolution].goal',
        kind: 'changed',
        before: 90,
        after: 92,
        beforeText: '90',
        afterText: '92',
      },
      {
        path: 'spec.targets[p3-resolution].within',
        kind: 'changed',
        before: 97_200_000,
        after: 108_000_000,
        beforeText: '27 business h',
        afterText: '30 business h',
      },
      {
        path: 'spec.version.appliesToOpenTickets',
        kind: 'changed',
        before: false,
        after: true,
        beforeText: 'false',
        afterText: 'true',
      },
      {
        // Version 1 wrote no effective date (it takes effect at the term start); the amendment writes one.
        path: 'spec.version.effective',
        kind: 'added',
        after: '2026-10-01',
        afterText: '2026-10-01',
      },
      {
        path: 'spec.version.notes',
        kind: 'changed',
        before: 'First version, signed after the hypercare period ended on 2025-12-19.',
        after: 'P1 resolution goal raised to 92 %.',
        beforeText: 'First version, signed after the hypercare period ended on 2025-12-19.',
        afterText: 'P1 resolution goal raised to 92 %.',
      },
    ]);

    // Version 2 through review and activation: version 1 is superseded, and open tickets' clocks are rebuilt.
    const hash2 = (await api.request('manager', 'POST', `${v2}/submit`)).body.contentHash;
    expect((await api.requestAsUser(anna, 'POST', `${v2}/approvals/provider`, { contentHash: hash2 })).status).toBe(
      201,
    );
    expect((await api.requestAsUser(director, 'POST', `${v2}/approvals/customer`, { contentHash: hash2 })).status).toBe(
      201,
    );
    const open = await api.request('agent', 'POST', '/api/v1/tickets', {
      customerId: agreement.customerId,
      agreementId: agreement.id,
      title: 'Invoices stuck in the posting queue',
      priority: 'P2',
      service: 'erp',
    });
    expect(open.body).toMatchObject({ agreementVersionId: version.id, measurement: { state: 'measured' } });
    const activated = await api.request('manager', 'POST', `${v2}/activate`);
    expect(activated).toMatchObject({
      status: 200,
      body: { status: 'active', clockRebuild: { status: 'done', tickets: 1 } },
    });
    // The amendment applies to open tickets: the open one is measured under it now.
    const moved = await api.request('agent', 'GET', `/api/v1/tickets/${open.body.id}`);
    expect(moved.body.agreementVersionId).toBe(amendment.body.id);
    const superseded = await api.request('manager', 'GET', v1);
    expect(superseded.body).toMatchObject({
      status: 'superseded',
      activatedAt: '2026-10-05T08:00:00.000Z',
      endedAt: '2026-10-06T08:00:00.000Z',
    });

    const overview = await api.requestAsUser(director, 'GET', `/api/v1/agreements/${agreement.id}`);
    expect(overview.body.versions.map((entry: { status: string }) => entry.status)).toEqual(['superseded', 'active']);
    expect(overview.body.activeVersion).toMatchObject({ number: 2 });

    // The ticket pipeline's view: every version that has been active, with its activity.
    const candidates = await api.store.read.agreements.pinningCandidates(api.world.alpha.workspaceId, agreement.id);
    expect(candidates).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'superseded',
        activatedAt: Date.parse('2026-10-05T08:00:00Z'),
        endedAt: Date.parse('2026-10-06T08:00:00Z'),
        appliesToOpenTickets: false,
      }),
      expect.objectContaining({ number: 2, status: 'active', endedAt: null, appliesToOpenTickets: true }),
    ]);

    // Every change and approval is in the audit log.
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${version.id}&limit=50`);
    expect(audit.body.data.map((entry: { action: string }) => entry.action).reverse()).toEqual([
      'agreement_version.created',
      'agreement_version.edited',
      'agreement_version.submitted',
      'agreement_version.approved',
      'agreement_version.approved',
      'agreement_version.activated',
      // In force from the term start, before it was put in force: the tickets opened since were re-measured.
      'clocks.remeasured',
      'agreement_version.superseded',
    ]);
    const editEntry = audit.body.data.find((entry: { action: string }) => entry.action === 'agreement_version.edited');
    expect(editEntry.after.changes).toEqual([
      { path: 'spec.targets[p3-response].within', kind: 'changed', before: 4 * 3_600_000, after: 3 * 3_600_000 },
    ]);
    const approvalEntry = audit.body.data.find(
      (entry: { action: string }) => entry.action === 'agreement_version.approved',
    );
    expect(approvalEntry.actor.label).toBe('it-director@stalmet.example');
  });

  it('sends a version back to draft on a rejection, dropping the approvals, and hides it from the customer again', async () => {
    const document = erpYaml.replace('id: stalmet-erp-support', 'id: stalmet-erp-extended');
    const created = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document });
    const url = `/api/v1/agreements/${created.body.agreement.id}/versions/${created.body.version.id}`;
    const { contentHash } = (await api.request('manager', 'POST', `${url}/submit`)).body;
    expect((await api.requestAsUser(anna, 'POST', `${url}/approvals/provider`, { contentHash })).status).toBe(201);

    const noReason = await api.requestAsUser(director, 'POST', `${url}/rejections/customer`, {});
    expect(noReason).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const rejected = await api.requestAsUser(director, 'POST', `${url}/rejections/customer`, {
      reason: 'P1 resolution must be 3 hours',
    });
    expect(rejected).toMatchObject({ status: 200, body: { status: 'draft', approvals: [] } });
    expect((await api.requestAsUser(director, 'GET', url)).status).toBe(404);
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${created.body.version.id}`);
    expect(audit.body.data[0]).toMatchObject({
      action: 'agreement_version.rejected',
      after: { status: 'draft', party: 'customer', reason: 'P1 resolution must be 3 hours' },
    });

    // Back in review after an edit, the provider must approve again.
    const revision = (await api.request('manager', 'GET', url)).headers.etag as string;
    const edited = await api.request('manager', 'PUT', url, { format: 'yaml', document }, { 'if-match': revision });
    expect(edited.status).toBe(200);
    expect((await api.request('manager', 'POST', `${url}/submit`)).body).toMatchObject({
      status: 'in_review',
      approvals: [],
    });
  });

  it('lists with filters, search, sort and paging, and shows a customer only its own agreements', async () => {
    const all = await api.request('viewer', 'GET', '/api/v1/agreements?sort=slug');
    expect(all.body.data.map((entry: { slug: string }) => entry.slug)).toEqual([
      'stalmet-erp-extended',
      'stalmet-erp-support',
    ]);
    const active = await api.request('viewer', 'GET', '/api/v1/agreements?status=active');
    expect(active.body.data.map((entry: { slug: string }) => entry.slug)).toEqual(['stalmet-erp-support']);
    expect(active.body.data[0]).toMatchObject({ latestVersion: { number: 2, status: 'active' } });
    const bySlug = await api.request('viewer', 'GET', '/api/v1/agreements?customer=stalmet&search=EXTENDED');
    expect(bySlug.body.data.map((entry: { slug: string }) => entry.slug)).toEqual(['stalmet-erp-extended']);
    const byId = await api.request('viewer', 'GET', `/api/v1/agreements?customer=${api.world.alpha.acme}`);
    expect(byId.body).toEqual({ data: [], page: { total: 0, limit: 50, offset: 0 } });
    const paged = await api.request('viewer', 'GET', '/api/v1/agreements?sort=-slug&limit=1&offset=1');
    expect(paged.body.page).toEqual({ total: 2, limit: 1, offset: 1 });
    expect(paged.body.data.map((entry: { slug: string }) => entry.slug)).toEqual(['stalmet-erp-extended']);

    const forDirector = await api.requestAsUser(director, 'GET', '/api/v1/agreements?sort=slug');
    expect(forDirector.body.data.map((entry: { slug: string }) => entry.slug)).toEqual([
      'stalmet-erp-extended',
      'stalmet-erp-support',
    ]);
    expect((await api.request('customer', 'GET', '/api/v1/agreements')).body.data).toEqual([]);
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/agreements')).body.data).toEqual([]);
    const id = all.body.data[1].id;
    expect((await api.request('customer', 'GET', `/api/v1/agreements/${id}`)).status).toBe(404);
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/agreements/${id}`)).status).toBe(404);
  });

  it('describes the agreement, calendar and service endpoints in the OpenAPI document', async () => {
    const document = await api.request('anonymous', 'GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/agreements/{id}/versions/{versionId}']!).sort()).toEqual(['get', 'put']);
    expect(paths['/api/v1/agreements/{id}/versions/{versionId}/approvals/customer']).toHaveProperty('post');
    expect(paths['/api/v1/calendars/{id}/due']).toHaveProperty('get');
    expect(paths['/api/v1/services/{id}']).toHaveProperty('patch');
  });

  it('refuses bad input of every kind with a 4xx and the error body', async () => {
    const post = (body: unknown, headers?: Record<string, string>) =>
      api.request('manager', 'POST', '/api/v1/agreements', body, headers);

    const malformed = await post('{"format": "yaml", "document": ', { 'content-type': 'application/json' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
    const unknownField = await post({ format: 'yaml', document: erpYaml, draft: true });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const badFormat = await post({ format: 'toml', document: erpYaml });
    expect(badFormat).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((await post({ format: 'yaml' })).status).toBe(400);

    const yamlError = await post({
      format: 'yaml',
      document: 'apiVersion: covenant/v1\nkind: Agreement\nmetadata: [\n',
    });
    expect(yamlError).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_PARSE_ERROR' } } });
    expect(yamlError.body.error.details.issues[0]).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
    });
    const jsonError = await post({ format: 'json', document: erpYaml });
    expect(jsonError).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_PARSE_ERROR' } } });

    const broken = erpYaml
      .replace('  amberMargin: 3%', '  amberMargin: 3%\n  colour: blue')
      .replace('within: PT30M', 'within: 30 minutes');
    const invalid = await post({ format: 'yaml', document: broken });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_INVALID' } } });
    expect(invalid.body.error.details.issues).toEqual([
      expect.objectContaining({
        path: 'spec.targets.0.within',
        code: 'DURATION_INVALID',
        ...positionOf(broken, '30 minutes', 'within: 30 minutes'),
      }),
      expect.objectContaining({
        path: 'spec.colour',
        code: 'AGREEMENT_INVALID',
        ...positionOf(broken, 'blue', 'colour: blue'),
      }),
    ]);

    const nobody = erpYaml.replace('customer: stalmet', 'customer: nobody');
    const unknownCustomer = await post({ format: 'yaml', document: nobody });
    expect(unknownCustomer).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_INVALID' } } });
    expect(unknownCustomer.body.error.details.issues).toEqual([
      expect.objectContaining({
        path: 'metadata.customer',
        code: 'AGREEMENT_UNKNOWN_REFERENCE',
        ...positionOf(nobody, 'nobody', 'customer: nobody'),
      }),
    ]);
    const duplicate = await post({ format: 'yaml', document: erpYaml });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'AGREEMENT_EXISTS' } } });

    const badId = await api.request('manager', 'GET', '/api/v1/agreements/not-a-uuid');
    expect(badId).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const badVersionId = await api.request('manager', 'GET', `/api/v1/agreements/${api.world.alpha.acme}/versions/x`);
    expect(badVersionId.status).toBe(400);
    const unknown = await api.request('manager', 'GET', '/api/v1/agreements/00000000-0000-4000-8000-000000000000');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const badQuery = await api.request('manager', 'GET', '/api/v1/agreements?status=signed');
    expect(badQuery.status).toBe(400);
    const badDiff = await api.request('manager', 'GET', `/api/v1/agreements/${api.world.alpha.acme}/diff?from=1&to=2`);
    expect(badDiff.status).toBe(400);

    // A draft with lint errors cannot be submitted; transitions the state machine refuses are 422.
    const vague = erpYaml
      .replace('id: stalmet-erp-support', 'id: stalmet-vague')
      .replace('    monthlyCap: 15%\n', '')
      .replace('Deliver the monthly service report', 'Deliver the monthly service report as soon as possible');
    const created = await post({ format: 'yaml', document: vague });
    expect(created.status).toBe(201);
    const errors = created.body.version.lint.filter((finding: { severity: string }) => finding.severity === 'error');
    expect(errors.map((finding: { rule: string }) => finding.rule).sort()).toEqual([
      'credits-without-cap',
      'vague-term',
    ]);
    const url = `/api/v1/agreements/${created.body.agreement.id}/versions/${created.body.version.id}`;
    const blocked = await api.request('manager', 'POST', `${url}/submit`);
    expect(blocked).toMatchObject({ status: 422, body: { error: { code: 'LINT_ERRORS_BLOCK_SUBMISSION' } } });
    expect(blocked.body.error.details.findings).toHaveLength(2);
    const notInReview = await api.requestAsUser(anna, 'POST', `${url}/approvals/provider`, {
      contentHash: created.body.version.contentHash,
    });
    expect(notInReview).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_TRANSITION_INVALID' } } });
    const badHash = await api.requestAsUser(anna, 'POST', `${url}/approvals/provider`, { contentHash: 'abc' });
    expect(badHash).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const extra = await api.request('manager', 'POST', `${url}/submit`, { now: true });
    expect(extra).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const star = await api.request('manager', 'PUT', url, { format: 'yaml', document: vague }, { 'if-match': '*' });
    expect(star).toMatchObject({ status: 428, body: { error: { code: 'PRECONDITION_REQUIRED' } } });
    const garbage = await api.request('manager', 'PUT', url, { format: 'yaml', document: vague }, { 'if-match': 'x' });
    expect(garbage).toMatchObject({ status: 412, body: { error: { code: 'PRECONDITION_FAILED' } } });
    const other = vague.replace('id: stalmet-vague', 'id: stalmet-other');
    const renamed = await api.request(
      'manager',
      'PUT',
      url,
      { format: 'yaml', document: other },
      { 'if-match': '"1"' },
    );
    expect(renamed).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_INVALID' } } });
    expect(renamed.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'metadata.id', ...positionOf(other, 'stalmet-other', 'id: stalmet-other') }),
    ]);
  });

  it('activates only on or after the effective date, and ends a version by termination or at the end of its term', async () => {
    const future = erpYaml
      .replace('id: stalmet-erp-support', 'id: stalmet-erp-2027')
      .replace('    notes: First version', '    effective: 2027-01-01\n    notes: First version');
    const created = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document: future });
    const url = `/api/v1/agreements/${created.body.agreement.id}/versions/${created.body.version.id}`;
    const { contentHash } = (await api.request('manager', 'POST', `${url}/submit`)).body;
    await api.requestAsUser(anna, 'POST', `${url}/approvals/provider`, { contentHash });
    await api.requestAsUser(director, 'POST', `${url}/approvals/customer`, { contentHash });
    const early = await api.request('manager', 'POST', `${url}/activate`);
    expect(early).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_NOT_YET_EFFECTIVE' } } });

    const now = api.clock.current;
    api.clock.current = Date.parse('2027-01-04T09:00:00+01:00');
    try {
      expect((await api.request('manager', 'POST', `${url}/activate`)).body.status).toBe('active');
      const tooEarly = await api.request('manager', 'POST', `${url}/expire`);
      expect(tooEarly).toMatchObject({ status: 422, body: { error: { code: 'AGREEMENT_TRANSITION_INVALID' } } });
      const terminated = await api.request('manager', 'POST', `${url}/terminate`, {
        reason: 'terminated for cause after three missed P1 periods',
      });
      expect(terminated).toMatchObject({
        status: 200,
        body: { status: 'terminated', endedAt: '2027-01-04T08:00:00.000Z' },
      });
      expect((await api.request('manager', 'POST', `${url}/terminate`, { reason: 'again' })).status).toBe(422);
    } finally {
      api.clock.current = now;
    }

    // A version whose term is over expires.
    const lastYear = erpYaml
      .replace('id: stalmet-erp-support', 'id: stalmet-erp-2025')
      .replace('term: { start: 2026-01-01, end: 2027-12-31', 'term: { start: 2025-01-01, end: 2025-12-31');
    const old = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document: lastYear });
    const oldUrl = `/api/v1/agreements/${old.body.agreement.id}/versions/${old.body.version.id}`;
    api.clock.current = Date.parse('2025-03-03T09:00:00+01:00');
    try {
      const hash = (await api.request('manager', 'POST', `${oldUrl}/submit`)).body.contentHash;
      await api.requestAsUser(anna, 'POST', `${oldUrl}/approvals/provider`, { contentHash: hash });
      await api.requestAsUser(director, 'POST', `${oldUrl}/approvals/customer`, { contentHash: hash });
      expect((await api.request('manager', 'POST', `${oldUrl}/activate`)).body.status).toBe('active');
    } finally {
      api.clock.current = now;
    }
    const stale = await api.request('manager', 'POST', `${oldUrl}/expire`, {}, { 'if-match': '"4"' });
    expect(stale).toMatchObject({ status: 412, body: { error: { code: 'PRECONDITION_FAILED' } } });
    const expired = await api.request('manager', 'POST', `${oldUrl}/expire`, {}, { 'if-match': '"5"' });
    expect(expired).toMatchObject({ status: 200, body: { status: 'expired', endedAt: '2026-10-06T08:00:00.000Z' } });
    expect(expired.headers.etag).toBe('"6"');
  });
});
