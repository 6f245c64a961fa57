/**
 * The zone of an agreement whose calendars are all references to workspace calendars (issue 18, defect 4; decision
 * 0026): taken from those calendars when a version is saved, kept by the version once it is approved, and reported
 * by lint when the calendars disagree and the document names no zone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture, type TestUser } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const erpYaml = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');

const inlineCalendars =
  '    business:\n      timezone: Europe/Warsaw\n      weekly: [{ days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }]\n' +
  '      holidays: { region: PL, dates: ["2026-12-24", "2027-12-24"] }\n' +
  '    production:\n      timezone: Europe/Warsaw\n      weekly: [{ days: [mon, tue, wed, thu, fri, sat], start: "06:00", end: "22:00" }]\n' +
  '      holidays: { region: PL }\n';

/** The ERP example with both calendars replaced by references, and no term.timezone. */
function referring(business: string, production: string, id = 'stalmet-erp-support'): string {
  expect(erpYaml.split(inlineCalendars)).toHaveLength(2);
  expect(erpYaml).not.toContain('timezone: Europe/Warsaw }');
  return erpYaml
    .replace(inlineCalendars, `    business: { use: ${business} }\n    production: { use: ${production} }\n`)
    .replace('id: stalmet-erp-support', `id: ${id}`);
}

const officeHours = (timezone: string) => ({
  timezone,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' }],
});
const productionHours = (timezone: string) => ({
  timezone,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '06:00', end: '22:00' }],
});

interface Finding {
  path: string;
  rule: string;
  severity: string;
  message: string;
  suggestion: string;
}

describe.each(testBackends)('the zone of an agreement with workspace calendars ($name)', (backend) => {
  let api: ApiFixture;
  let anna: TestUser;
  let director: TestUser;
  const calendarIds = new Map<string, string>();

  beforeAll(async () => {
    api = await createApiFixture(backend);
    const customer = await api.request('manager', 'POST', '/api/v1/customers', { slug: 'stalmet', name: 'Stalmet' });
    anna = await api.signInNewUser({ email: 'anna.wisniewska@northwind-erp.example', role: 'manager' });
    director = await api.signInNewUser({
      email: 'it-director@stalmet.example',
      role: 'customer',
      customerId: customer.body.id,
    });
    for (const [slug, definition] of [
      ['warsaw-office', officeHours('Europe/Warsaw')],
      ['warsaw-production', productionHours('Europe/Warsaw')],
      ['new-york-office', officeHours('America/New_York')],
    ] as const) {
      const created = await api.request('manager', 'POST', '/api/v1/calendars', { slug, name: slug, definition });
      expect(created.status).toBe(201);
      calendarIds.set(slug, created.body.id);
    }
  });
  afterAll(() => api?.close());

  const changeZone = async (slug: string, definition: object) => {
    const changed = await api.request('manager', 'PATCH', `/api/v1/calendars/${calendarIds.get(slug)}`, { definition });
    expect(changed.status).toBe(200);
  };

  it('reads the months of an agreement whose calendars are all Warsaw references in Warsaw, and keeps that zone once approved', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: referring('warsaw-office', 'warsaw-production'),
    });
    expect(created.status).toBe(201);
    const { agreement, version } = created.body;
    expect(version.content.spec.term.timezone).toBe('Europe/Warsaw');
    expect(version.lint.filter((finding: Finding) => finding.severity === 'error')).toEqual([]);
    const v1 = `/api/v1/agreements/${agreement.id}/versions/${version.id}`;
    const submitted = await api.request('manager', 'POST', `${v1}/submit`);
    expect(submitted.status).toBe(200);
    const contentHash = submitted.body.contentHash;
    expect((await api.requestAsUser(anna, 'POST', `${v1}/approvals/provider`, { contentHash })).status).toBe(201);
    expect((await api.requestAsUser(director, 'POST', `${v1}/approvals/customer`, { contentHash })).status).toBe(201);
    const active = await api.request('manager', 'POST', `${v1}/activate`);
    expect(active).toMatchObject({ status: 200, body: { status: 'active' } });
    api.clock.current += 3_600_000;

    const october = { from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z', timezone: 'Europe/Warsaw' };
    const results = await api.request('manager', 'GET', `/api/v1/agreements/${agreement.id}/results?period=2026-10`);
    expect(results).toMatchObject({ status: 200, body: { period: { label: '2026-10', ...october } } });
    const report = await api.request('manager', 'GET', `/api/v1/agreements/${agreement.id}/report?period=2026-10`);
    expect(report.status).toBe(200);
    expect(report.body.period).toMatchObject({ label: '2026-10', ...october });

    // The workspace calendars move to New York: deadlines follow them, the approved version's months do not.
    await changeZone('warsaw-office', officeHours('America/New_York'));
    await changeZone('warsaw-production', productionHours('America/New_York'));
    const after = await api.request('manager', 'GET', v1);
    expect(after.body).toMatchObject({ contentHash, content: { spec: { term: { timezone: 'Europe/Warsaw' } } } });
    const again = await api.request('manager', 'GET', `/api/v1/agreements/${agreement.id}/results?period=2026-10`);
    expect(again.body.period).toMatchObject(october);

    // A new version takes the zone the calendars have now; if they change before it is submitted, lint says so.
    const amendment = await api.request('manager', 'POST', `/api/v1/agreements/${agreement.id}/versions`, {
      format: 'yaml',
      document: referring('warsaw-office', 'warsaw-production'),
    });
    expect(amendment.status).toBe(201);
    expect(amendment.body.content.spec.term.timezone).toBe('America/New_York');
    const v2 = `/api/v1/agreements/${agreement.id}/versions/${amendment.body.id}`;
    await changeZone('warsaw-office', officeHours('Europe/Warsaw'));
    await changeZone('warsaw-production', productionHours('Europe/Warsaw'));
    const stale = await api.request('manager', 'POST', `${v2}/submit`);
    expect(stale).toMatchObject({ status: 422, body: { error: { code: 'LINT_ERRORS_BLOCK_SUBMISSION' } } });
    expect(stale.body.error.details.findings).toEqual([
      expect.objectContaining({ path: 'spec.term.timezone', rule: 'timezone-out-of-date', severity: 'error' }),
    ]);
    const saved = await api.request(
      'manager',
      'PUT',
      v2,
      { format: 'yaml', document: referring('warsaw-office', 'warsaw-production') },
      { 'if-match': `"${amendment.body.revision}"` },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.content.spec.term.timezone).toBe('Europe/Warsaw');
    expect((await api.request('manager', 'POST', `${v2}/submit`)).status).toBe(200);
  });

  it('lints an agreement whose referenced calendars are in different zones and that names no zone', async () => {
    const document = referring('new-york-office', 'warsaw-production', 'stalmet-two-offices');
    const created = await api.request('manager', 'POST', '/api/v1/agreements', { format: 'yaml', document });
    expect(created.status).toBe(201);
    const { agreement, version } = created.body;
    expect(version.content.spec.term.timezone).toBe('UTC');
    const zoneFindings = version.lint.filter((finding: Finding) => finding.path === 'spec.term.timezone');
    expect(zoneFindings).toEqual([
      {
        path: 'spec.term.timezone',
        rule: 'calendar-zones-disagree',
        severity: 'error',
        message: expect.stringContaining('America/New_York: business; Europe/Warsaw: production'),
        suggestion: expect.stringContaining('add timezone: America/New_York to spec.term (or Europe/Warsaw)'),
      },
    ]);
    const v1 = `/api/v1/agreements/${agreement.id}/versions/${version.id}`;
    const refused = await api.request('manager', 'POST', `${v1}/submit`);
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'LINT_ERRORS_BLOCK_SUBMISSION' } } });
    expect(refused.body.error.details.findings).toEqual(zoneFindings);

    // Naming the zone settles it.
    const named = document.replace(
      'renewal: auto, noticeDays: 90 }',
      'renewal: auto, noticeDays: 90, timezone: Europe/Warsaw }',
    );
    const saved = await api.request('manager', 'PUT', v1, { format: 'yaml', document: named }, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.body.content.spec.term.timezone).toBe('Europe/Warsaw');
    expect(saved.body.lint.filter((finding: Finding) => finding.path === 'spec.term.timezone')).toEqual([]);
    expect((await api.request('manager', 'POST', `${v1}/submit`)).status).toBe(200);
  });
});
