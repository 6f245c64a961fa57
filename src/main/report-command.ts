/**
 * `covenant report`, composed: through a running server's API when a URL is given (--url or COVENANT_URL, with a token),
 * otherwise from the database directly, as a system principal of the workspace. The embedded database admits one
 * process at a time, so while a server holds it the command refuses and says how to ask the server instead.
 */
import { and, eq } from 'drizzle-orm';
import { systemPrincipal } from '../app/access/principal.ts';
import { getAgreementReport } from '../app/reports/build-agreement-report.ts';
import { CliError, exitCodes } from '../cli/cli-io.ts';
import type {
  ReportCommandHandlers,
  ReportCommandRequest,
  ReportCommandResult,
} from '../cli/commands/report.command.ts';
import { type CovenantConfig, loadConfig } from '../config/config.ts';
import { presentAgreementReport } from '../http/routes/reports.presenters.ts';
import { breachesCsv, resultsCsv } from '../reports/report-csv.ts';
import { renderReportPdf, reportFileName } from '../reports/report-pdf.ts';
import { agreements } from '../store/schema.ts';
import { withCommandDatabase } from './command-database.ts';
import { composeHeadless } from './composition.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function reportCommandHandlers(version: string): ReportCommandHandlers {
  return {
    async report(request) {
      const config = loadConfig();
      const url = request.url ?? config.cliServerUrl;
      if (url !== undefined) return viaApi(url, request.token ?? config.cliToken, request);
      return viaDatabase(config, version, request);
    },
  };
}

function instantOf(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new CliError('INSTANT_INVALID', `${option} must be an ISO-8601 instant: ${text}`);
  return instant;
}

async function viaApi(url: string, token: string | undefined, request: ReportCommandRequest) {
  if (token === undefined) {
    throw new CliError('TOKEN_REQUIRED', 'asking a server needs an API token: --token cov_... or COVENANT_TOKEN');
  }
  const base = url.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}` };
  const call = async (path: string) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { headers });
    } catch (error) {
      throw new CliError(
        'SERVER_UNREACHABLE',
        `no answer from ${base}: ${(error as Error).message}`,
        exitCodes.failure,
      );
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new CliError(
        body?.error?.code ?? 'SERVER_ERROR',
        body?.error?.message ?? `${base} answered ${response.status}`,
        response.status >= 500 ? exitCodes.failure : exitCodes.badInput,
      );
    }
    return response;
  };
  let agreementId = request.agreement;
  if (!UUID.test(agreementId)) {
    const listed = (await (
      await call(`/api/v1/agreements?search=${encodeURIComponent(agreementId)}&limit=500`)
    ).json()) as { data: { id: string; slug: string }[] };
    const match = listed.data.find((agreement) => agreement.slug === request.agreement);
    if (!match) throw new CliError('AGREEMENT_UNKNOWN', `no agreement ${request.agreement} at ${base}`);
    agreementId = match.id;
  }
  const query = new URLSearchParams({ format: request.format, part: request.part });
  if (request.period !== undefined) query.set('period', request.period);
  if (request.from !== undefined) query.set('from', request.from);
  if (request.to !== undefined) query.set('to', request.to);
  if (request.fresh) query.set('fresh', 'true');
  const response = await call(`/api/v1/agreements/${agreementId}/report?${query}`);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'report';
  const body = request.format === 'pdf' ? new Uint8Array(await response.arrayBuffer()) : await response.text();
  return { body, fileName, source: `API of ${base}` };
}

async function viaDatabase(
  config: CovenantConfig,
  version: string,
  request: ReportCommandRequest,
): Promise<ReportCommandResult> {
  const whenLocked =
    `For a report, ask the running server: --url http://127.0.0.1:${config.port} --token <API token> ` +
    '(or set COVENANT_URL and COVENANT_TOKEN).';
  return withCommandDatabase(config, whenLocked, async (handle, all) => {
    const selected = request.workspace ? all.filter((workspace) => workspace.slug === request.workspace) : all;
    if (selected.length !== 1) {
      throw new CliError(
        request.workspace ? 'WORKSPACE_UNKNOWN' : 'WORKSPACE_REQUIRED',
        request.workspace
          ? `no workspace ${request.workspace}`
          : `the database holds ${all.length} workspaces: name one with --workspace (${all.map((w) => w.slug).join(', ')})`,
      );
    }
    const workspace = selected[0]!;
    const [agreement] = await handle.db
      .select({ id: agreements.id })
      .from(agreements)
      .where(
        and(
          eq(agreements.workspaceId, workspace.id),
          UUID.test(request.agreement) ? eq(agreements.id, request.agreement) : eq(agreements.slug, request.agreement),
        ),
      );
    if (!agreement) throw new CliError('AGREEMENT_UNKNOWN', `no agreement ${request.agreement} in ${workspace.slug}`);
    const answer = await getAgreementReport(
      composeHeadless(config, handle, version),
      systemPrincipal(workspace.id, 'covenant report (command line)'),
      agreement.id,
      {
        period: request.period,
        from: instantOf(request.from, '--from'),
        to: instantOf(request.to, '--to'),
        fresh: request.fresh,
      },
    );
    const source = `database ${handle.location}`;
    switch (request.format) {
      case 'json':
        return {
          body: JSON.stringify(presentAgreementReport(answer, 100)),
          fileName: reportFileName(answer, 'json'),
          source,
        };
      case 'csv':
        return {
          body: request.part === 'breaches' ? breachesCsv(answer) : resultsCsv(answer),
          fileName: reportFileName(answer, request.part === 'breaches' ? 'breaches.csv' : 'csv'),
          source,
        };
      case 'pdf':
        return { body: await renderReportPdf(answer), fileName: reportFileName(answer, 'pdf'), source };
    }
  });
}
