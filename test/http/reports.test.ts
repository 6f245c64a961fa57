/**
 * Compliance reports (decision 0014) through the HTTP API, on PGlite and PostgreSQL: a closed month is published on
 * the first request and returned byte for byte afterwards; a late event shows as a correction beside the frozen
 * figures (and in the next month's report), never as a silent edit; CSV exports are well formed and safe to open in
 * a spreadsheet; the PDF renders (pages checked as images with poppler's pdftoppm) with its Polish and Turkish text
 * searchable; customers see their own reports only; the portfolio rolls agreements up.
 *
 * The world: acme (renamed to a Polish name) has the ERP agreement (Europe/Warsaw, production calendar Mon-Sat
 * 06:00-22:00 local = 04:00-20:00Z in summer time) with a Turkish title. September 2026:
 *   S1 P1 07th 08:00Z, reply 08:10, resolved 13:00: response met; resolution due 12:00: breached.
 *   S2 P2 08th 09:00Z, reply 09:20, resolved 11:00: response and resolution met.
 *   S3 P1 09th 08:00Z, reply 09:00, resolved 19:00: response breached at 08:30; resolution breached at 12:00.
 *   S4 P2 10th 08:00Z, reply 10:00, resolved 12:00: response breached at 09:00; resolution met.
 * S3 and S4 carry external references that a spreadsheet would take for a formula, or that need quoting.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { updateCustomer } from '../../src/app/customers/manage-customers.ts';
import { openTicket } from '../../src/app/tickets/open-ticket.ts';
import { recordTicketEvents, type TicketEventInput } from '../../src/app/tickets/record-ticket-events.ts';
import { renderAgreementReportPdf } from '../../src/reports/report-pdf.ts';
import { agreements } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

const at = (text: string) => Date.parse(text);
const POLISH_NAME = 'Zakłady Mięsne „Łódź-Żółć” Sp. z o.o.';
const TURKISH_TITLE = 'Çağrı Merkezi ve ERP Destek Sözleşmesi — İstanbul/Şişli';
const FORMULA_REF = '=HYPERLINK("http://evil.example")';
const QUOTED_REF = 'İŞ-ğüş, "night shift"\nline 2';
const hasPoppler = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');

interface Plan {
  readonly name: string;
  readonly priority: string;
  readonly openedAt: string;
  readonly externalRef?: string;
  readonly events: readonly { type: TicketEventInput['type']; at: string }[];
}

describe.each(testBackends)('compliance reports ($name)', (backend) => {
  let api: ApiFixture;
  let erp: string;
  const ticketIds = new Map<string, string>();

  async function open(plan: Plan): Promise<void> {
    const system = systemPrincipal(api.world.alpha.workspaceId, 'reports test');
    const dependencies = { store: api.store, clock: api.clock };
    const { ticket } = await openTicket(dependencies, system, {
      customerId: api.world.alpha.acme,
      agreementId: erp,
      title: `Ticket ${plan.name}`,
      externalRef: plan.externalRef ?? `T-${plan.name}`,
      priority: plan.priority,
      service: 'erp',
      openedAt: at(plan.openedAt),
    });
    ticketIds.set(plan.name, ticket.id);
    await record(plan.name, plan.events);
  }

  async function record(name: string, events: Plan['events']): Promise<void> {
    const system = systemPrincipal(api.world.alpha.workspaceId, 'reports test');
    await recordTicketEvents(
      { store: api.store, clock: api.clock },
      system,
      events.map((event) => ({
        ticketId: ticketIds.get(name)!,
        event: { key: `${name}-${event.type}-${event.at}`, type: event.type, occurredAt: at(event.at) },
      })),
    );
  }

  /** The raw response (bytes), as a signed-in manager. */
  async function raw(url: string) {
    const user = await api.userOf('manager');
    const response = await api.app.inject({
      method: 'GET',
      url,
      headers: { cookie: `covenant_session=${user.sessionToken}` },
    });
    return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
  }

  const report = (query: string, actor: Parameters<ApiFixture['request']>[0] = 'manager') =>
    api.request(actor, 'GET', `/api/v1/agreements/${erp}/report${query}`);
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely
  const target = (body: any, id: string) => body.targets.find((entry: { id: string }) => entry.id === id);

  beforeAll(async () => {
    api = await createApiFixture(backend);
    const { workspaceId, acme } = api.world.alpha;
    ({ agreementId: erp } = await seedActiveAgreement(api.handle, {
      workspaceId,
      customerId: acme,
      example: 'erp-support',
      activatedAt: at('2026-01-01T00:00:00Z'),
    }));
    await api.handle.db
      .update(agreements)
      .set({ title: TURKISH_TITLE })
      .where(and(eq(agreements.id, erp), eq(agreements.workspaceId, workspaceId)));
    await updateCustomer({ store: api.store, clock: api.clock }, systemPrincipal(workspaceId), acme, {
      name: POLISH_NAME,
    });
    api.clock.current = at('2026-10-05T15:00:00Z');
    const reply = (time: string) => ({ type: 'agent_reply' as const, at: time });
    const resolved = (time: string) => ({ type: 'resolved' as const, at: time });
    await open({
      name: 'A1',
      priority: 'P1',
      openedAt: '2026-08-04T08:00:00Z',
      events: [reply('2026-08-04T08:10:00Z'), resolved('2026-08-04T13:00:00Z')],
    });
    await open({
      name: 'S1',
      priority: 'P1',
      openedAt: '2026-09-07T08:00:00Z',
      events: [reply('2026-09-07T08:10:00Z'), resolved('2026-09-07T13:00:00Z')],
    });
    await open({
      name: 'S2',
      priority: 'P2',
      openedAt: '2026-09-08T09:00:00Z',
      events: [reply('2026-09-08T09:20:00Z'), resolved('2026-09-08T11:00:00Z')],
    });
    await open({
      name: 'S3',
      priority: 'P1',
      openedAt: '2026-09-09T08:00:00Z',
      externalRef: FORMULA_REF,
      events: [reply('2026-09-09T09:00:00Z'), resolved('2026-09-09T19:00:00Z')],
    });
    await open({
      name: 'S4',
      priority: 'P2',
      openedAt: '2026-09-10T08:00:00Z',
      externalRef: QUOTED_REF,
      events: [reply('2026-09-10T10:00:00Z'), resolved('2026-09-10T12:00:00Z')],
    });
    await open({
      name: 'O1',
      priority: 'P1',
      openedAt: '2026-10-05T08:00:00Z',
      events: [reply('2026-10-05T08:20:00Z'), resolved('2026-10-05T10:00:00Z')],
    });
    api.clock.current = at('2026-10-05T17:00:00Z');
  });
  afterAll(() => api?.close());

  it('publishes a closed month on the first request, with every part of the report', async () => {
    const response = await report('?period=2026-09');
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body.format).toBe('covenant/agreement-report@1');
    expect(body.agreement).toMatchObject({ id: erp, title: TURKISH_TITLE, customerName: POLISH_NAME });
    expect(body.period).toMatchObject({ label: '2026-09', current: false, timezone: 'Europe/Warsaw' });
    expect(body.publication).toMatchObject({ status: 'published', snapshotId: expect.any(String) });
    expect(body.publication.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.publication.fingerprint).toMatchObject({
      snapshotXmin: expect.stringMatching(/^\d+$/),
      recentCycles: { count: 0, from: at('2026-09-27T22:00:00Z') },
      versions: { count: 1, digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
      outages: { count: 0, digest: '' },
    });
    expect(body.corrections).toEqual({ dataChanged: false, changes: [] });

    expect(target(body, 'p1-response').tickets).toMatchObject({ met: 1, breached: 1, attainmentPercent: 50 });
    expect(target(body, 'p1-resolution').tickets).toMatchObject({ met: 0, breached: 2 });
    expect(target(body, 'p2-response').tickets).toMatchObject({ met: 1, breached: 1 });
    expect(target(body, 'p2-resolution').tickets).toMatchObject({ met: 2, breached: 0, attainmentPercent: 100 });
    const breaches = target(body, 'p1-resolution').tickets.breaches;
    expect(breaches.map((breach: { externalRef: string }) => breach.externalRef)).toEqual(['T-S1', FORMULA_REF]);
    expect(breaches[0].links).toEqual({
      ticket: `/api/v1/tickets/${ticketIds.get('S1')}`,
      timeline: `/api/v1/tickets/${ticketIds.get('S1')}/timeline`,
    });
    // The August ticket breached p1-resolution too: the previous month beside this one.
    expect(target(body, 'p1-resolution').previous).toMatchObject({ value: 0, rag: 'red', met: 0, breached: 1 });
    expect(target(body, 'p2-resolution').previous).toMatchObject({ value: null, rag: 'grey' });
    expect(body.flow).toEqual({
      opened: 4,
      resolved: 4,
      reopened: 0,
      reopenRatePercent: 0,
      backlogAtStart: 0,
      backlogAtEnd: 0,
      measured: 4,
      notMeasured: { total: 0, reasons: [] },
    });
    expect(body.previous).toMatchObject({ label: '2026-08', flow: { opened: 1, resolved: 1 } });

    // Twelve months ending with September: before the agreement's start (January) there is nothing.
    expect(body.trend.months.map((month: { label: string }) => month.label)).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    const slam = body.trend.targets.find((series: { id: string }) => series.id === 'p1-resolution');
    expect(slam.rag.slice(0, 3)).toEqual([null, null, null]);
    expect(slam.rag.slice(-2)).toEqual(['red', 'red']);
    expect(slam.values.slice(-2)).toEqual([0, 0]);
    expect(body.credits).toMatchObject({ period: '2026-09', currency: 'PLN', provisional: false });
    expect(body.termination[0]).toMatchObject({ targetId: 'p1-resolution', missedPeriods: ['2026-08', '2026-09'] });

    const audit = await api.request('admin', 'GET', '/api/v1/audit?limit=100');
    expect(audit.body.data.some((entry: { action: string }) => entry.action === 'report.published')).toBe(true);
  });

  it('returns the published report byte for byte, to everyone who may see it', async () => {
    const first = await raw(`/api/v1/agreements/${erp}/report?period=2026-09`);
    api.clock.advance(3_600_000);
    const second = await raw(`/api/v1/agreements/${erp}/report?period=2026-09`);
    expect(second.status).toBe(200);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const customer = await report('?period=2026-09', 'customer');
    expect(customer.status).toBe(200);
    expect(customer.body.publication.contentHash).toBe(
      JSON.parse(first.bytes.toString('utf8')).publication.contentHash,
    );
    expect((await report('?period=2026-09', 'otherCustomer')).status).toBe(404);
    expect((await report('?period=2026-09', 'foreignAdmin')).status).toBe(404);
  });

  it('exports the results and the breaches as CSV, safe to open in a spreadsheet', async () => {
    const results = await raw(`/api/v1/agreements/${erp}/report?period=2026-09&format=csv`);
    expect(results.status).toBe(200);
    expect(results.headers['content-type']).toContain('text/csv');
    expect(results.headers['content-disposition']).toMatch(/attachment; filename="covenant-report-.*-2026-09\.csv"/);
    const lines = results.bytes.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'agreement,period,target,metric,description,goal,unit,direction,value,rag,rag_code,rag_reason,met,breached,' +
        'counted,open_due,mean_minutes,median_minutes,p90_minutes,previous_value,previous_rag,change,' +
        'metric_name,goal_text,value_text,previous_value_text,mean_text,median_text,p90_text',
    );
    const row = lines.find((line) => line.startsWith('stalmet-erp-support,2026-09,p1-response,'))!;
    expect(row).toContain(',first_response,,95,percent,atLeast,50,red,MISSED,');
    // S1 met in 10 min, S3 breached after 60; August (A1 met) was 100 %. Minutes for programs, then the same for people.
    expect(row).toContain(
      ',1,1,2,0,35,10,60,100,green,-50,First response,≥ 95.00 %,50.00 %,100.00 %,35 business min,10 business min,1 business h',
    );
    // Mean resolution time: minutes in the machine columns, hours and minutes wherever a person reads, the RAG reason too.
    const mttr = lines.find((line) => line.startsWith('stalmet-erp-support,2026-09,mttr-urgent,'))!;
    expect(mttr).toContain(',mean_resolution_time,');
    expect(mttr).toContain(',360,minutes,atMost,330,amber,NEAR_GOAL,');
    expect(mttr).toContain(
      '"met (5 business h 30 min) but within the warning margin of 10 % of the goal, goal at most 6 business h"',
    );
    expect(mttr).toContain(',Mean resolution time,≤ 6 business h,5 business h 30 min,');
    // A RAG reason with a comma is quoted.
    expect(lines.find((line) => line.includes(',p1-resolution,'))).toMatch(/,red,MISSED,"[^"]*,[^"]*",0,2,2,/);

    const breaches = await raw(`/api/v1/agreements/${erp}/report?period=2026-09&format=csv&part=breaches`);
    const text = breaches.bytes.toString('utf8');
    expect(
      text.startsWith('agreement,period,target,ticket_id,external_ref,priority,breach_at,stopped_at,used_minutes,'),
    ).toBe(true);
    // A formula is neutralised with a leading apostrophe (and quoted, for its quotes).
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"")",P1,`);
    // Commas, quotes and line breaks are quoted; the row stays one record.
    expect(text).toContain(`,"İŞ-ğüş, ""night shift""\nline 2",P2,`);
    expect(text).toContain(`/api/v1/tickets/${ticketIds.get('S3')}/timeline`);
    expect(text.split('\r\n')[0]!.endsWith(',ticket,timeline,used_text')).toBe(true);
    // S3 breached p1-resolution after 11 business hours of the production calendar.
    expect(text).toContain(`/api/v1/tickets/${ticketIds.get('S3')}/timeline,11 business h`);
  });

  it.skipIf(!hasPoppler)('renders the PDF: pages with content, Polish and Turkish text searchable', async () => {
    const response = await raw(`/api/v1/agreements/${erp}/report?period=2026-09&format=pdf`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="covenant-report-.*\.pdf"$/);
    expect(response.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Deterministic: the PDF of the published report is the same bytes again.
    const again = await raw(`/api/v1/agreements/${erp}/report?period=2026-09&format=pdf`);
    expect(again.bytes.equals(response.bytes)).toBe(true);

    const directory = mkdtempSync(join(tmpdir(), 'covenant-report-pdf-'));
    const file = join(directory, 'report.pdf');
    writeFileSync(file, response.bytes);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [POLISH_NAME, TURKISH_TITLE, 'İŞ-ğüş', 'Attainment trend', 'SLAM chart', 'Termination']) {
      expect(text).toContain(expected);
    }
    // Durations read in business hours and minutes, never as milliseconds (issue 18): the mean resolution time's
    // goal, value and RAG reason, and the business time breaches used.
    const reading = execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const expected of ['5 business h 30 min', 'goal at most 6 business h', '11 business h', 'First response']) {
      expect(reading).toContain(expected);
    }
    expect(reading).toMatch(/≤ ?6 business h/);
    expect(reading).not.toMatch(/21600000|19800000|goal at most \d{4,}/);
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '40', file, join(directory, 'page')]);
    const pngs = readdirSync(directory).filter((name) => name.endsWith('.png'));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) expect(readFileSync(join(directory, png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    // Every page carries ink, and the first page has colour (the RAG cells and the charts).
    execFileSync('/usr/bin/pdftoppm', ['-gray', '-r', '40', file, join(directory, 'gray')]);
    for (const name of readdirSync(directory).filter((entry) => entry.endsWith('.pgm'))) {
      expect(inkShare(readFileSync(join(directory, name)))).toBeGreaterThan(0.005);
    }
    const { pdf } = await renderAgreementReportPdf(
      { store: api.store, clock: api.clock },
      api.principal('manager'),
      erp,
      { period: '2026-09' },
    );
    expect(Buffer.from(pdf).equals(response.bytes)).toBe(true);
  });

  it('shows a late change as a correction beside the frozen figures, and in the next report', async () => {
    const published = (await report('?period=2026-09')).body;
    // S2 is reopened the same day and resolved late: p2-resolution breaches (120 min used + 6 h = 8 h at 18:00Z).
    await record('S2', [
      { type: 'reopened', at: '2026-09-08T12:00:00Z' },
      { type: 'resolved', at: '2026-09-08T20:30:00Z' },
    ]);
    const after = (await report('?period=2026-09')).body;
    expect(after.publication).toEqual(published.publication);
    expect(target(after, 'p2-resolution')).toEqual(target(published, 'p2-resolution'));
    expect(after.corrections.dataChanged).toBe(true);
    expect(after.corrections.changes).toEqual(
      expect.arrayContaining([
        { item: 'targets.p2-resolution.breached', published: 0, current: 1 },
        { item: 'targets.p2-resolution.value', published: 100, current: 50 },
        { item: 'flow.reopened', published: 0, current: 1 },
      ]),
    );

    const fresh = (await report('?period=2026-09&fresh=true')).body;
    expect(fresh.publication).toMatchObject({ status: 'recomputed', snapshotId: published.publication.snapshotId });
    expect(target(fresh, 'p2-resolution').tickets).toMatchObject({ met: 1, breached: 1 });
    expect(fresh.corrections.changes).toEqual(after.corrections.changes);
    const refused = await report('?period=2026-09&fresh=true', 'customer');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('REPORT_RECOMPUTE_FORBIDDEN');

    const october = (await report('?period=2026-10')).body;
    expect(october.publication.status).toBe('provisional');
    expect(october.previousCorrections).toMatchObject({ period: '2026-09', corrections: { dataChanged: true } });
    // October's own trend shows September as the data says now.
    const p2 = october.trend.targets.find((series: { id: string }) => series.id === 'p2-resolution');
    expect(p2.values.at(-2)).toBe(50);
  });

  it('notices a fact entered after publication even when no published figure changes', async () => {
    const august = (await report('?period=2026-08')).body;
    expect(august.corrections).toEqual({ dataChanged: false, changes: [] });
    const created = await api.request('manager', 'POST', '/api/v1/outages', {
      service: 'erp',
      customerId: api.world.alpha.acme,
      startsAt: '2026-08-20T10:00:00Z',
      endsAt: '2026-08-20T11:00:00Z',
      severity: 'full',
    });
    expect(created.status).toBe(201);
    const again = (await report('?period=2026-08')).body;
    expect(again.publication.contentHash).toBe(august.publication.contentHash);
    // The ERP agreement measures no availability: the data changed, none of its figures did.
    expect(again.corrections).toEqual({ dataChanged: true, changes: [] });
  });

  it('takes other periods and refuses bad requests with stable codes', async () => {
    const week = (await report('?period=2026-W37')).body;
    expect(week.period).toMatchObject({ kind: 'week', label: '2026-W37' });
    expect(week.previous).toMatchObject({ label: '2026-W36' });
    expect(week.trend.months.at(-1).label).toBe('2026-09');
    const range = (await report('?from=2026-09-07T00:00:00Z&to=2026-09-08T00:00:00Z')).body;
    expect(range.publication.status).toBe('published');
    expect(target(range, 'p1-resolution').tickets).toMatchObject({ breached: 1 });
    const code = async (query: string) => (await report(query)).body.error?.code;
    expect(await code('?period=2026-13')).toBe('PERIOD_LABEL_INVALID');
    expect(await code('?period=2026-12')).toBe('PERIOD_NOT_STARTED');
    expect(await code('?format=xml')).toBe('VALIDATION_FAILED');
    expect(await code('?breachLimit=0')).toBe('VALIDATION_FAILED');
    expect((await api.request('manager', 'GET', '/api/v1/reports/portfolio?groupBy=team')).status).toBe(400);
  });

  it('rolls agreements up per customer, service and workspace, within what the caller may see', async () => {
    const byCustomer = (await api.request('manager', 'GET', '/api/v1/reports/portfolio?period=2026-09')).body;
    expect(byCustomer.groupBy).toBe('customer');
    const acme = byCustomer.groups.find((group: { key: string }) => group.key === api.world.alpha.acme);
    expect(acme).toMatchObject({ name: POLISH_NAME, worst: 'red' });
    expect(acme.agreements.map((agreement: { agreementId: string }) => agreement.agreementId)).toContain(erp);
    expect(acme.credits).toEqual([{ currency: 'PLN', amount: expect.any(Number) }]);

    const byService = (await api.request('manager', 'GET', '/api/v1/reports/portfolio?period=2026-09&groupBy=service'))
      .body;
    expect(byService.groups.map((group: { key: string }) => group.key)).toContain('erp');
    expect(byService.groups.every((group: { credits: unknown }) => group.credits === null)).toBe(true);

    const workspace = (
      await api.request('manager', 'GET', '/api/v1/reports/portfolio?period=2026-09&groupBy=workspace&format=csv')
    ).body as string;
    expect(workspace.split('\r\n')[0]).toBe(
      'group,name,agreements,green,amber,red,grey,worst,met,breached,attainment_percent,credits,' +
        'termination_triggered,termination_would_trigger',
    );

    const customer = (await api.request('otherCustomer', 'GET', '/api/v1/reports/portfolio?period=2026-09')).body;
    expect(JSON.stringify(customer)).not.toContain(erp);
  });
});

/** Share of pixels darker than near-white in a binary PGM (P5) image. */
function inkShare(pgm: Buffer): number {
  const header = pgm.subarray(0, 64).toString('latin1');
  const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header)!;
  const pixels = pgm.subarray(match[0].length);
  let ink = 0;
  for (const value of pixels) if (value < 230) ink++;
  return ink / pixels.length;
}
