/**
 * An agreement document read in the context of a workspace: the core parses and normalises it, then what only the
 * workspace knows is checked (the customer named in `metadata.customer`, the workspace calendars its calendars refer
 * to) and reported like any other problem of the document, with line and column. Lint sees the hours behind the
 * references. A document that names no `term.timezone` takes the zone of all its calendars, references included,
 * when it is saved: the stored content keeps it, so an approved version's months never move when a workspace
 * calendar is edited (decision 0026).
 */
import {
  type Agreement,
  type AgreementFormat,
  type AgreementIssue,
  agreementContentHash,
  type CalendarResolver,
  calendarReferencesOf,
  type LintFinding,
  lintAgreement,
  locateAgreementIssues,
  parseAgreement,
  withTimeZoneOfCalendars,
  writesTermTimeZone,
  writtenDurationsOf,
} from '../../core/agreement/index.ts';
import { DomainError } from '../../core/errors.ts';
import type { CalendarInput } from '../../core/time/index.ts';
import { type Principal, scopeOf } from '../access/principal.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { CalendarRecord } from '../ports/calendar-repository.ts';
import type { CustomerRecord } from '../ports/customer-repository.ts';
import type { Repositories } from '../ports/store.ts';

export interface AgreementDocument {
  readonly format: AgreementFormat;
  /** The agreement as YAML or JSON text. */
  readonly document: string;
}

export interface ReadAgreementDocument {
  readonly agreement: Agreement;
  readonly contentHash: string;
  readonly findings: LintFinding[];
  readonly customer: CustomerRecord;
}

/** What a new version of an existing agreement must keep. */
export interface VersionOf {
  readonly slug: string;
  readonly customerId: string;
}

/** Parses, checks against the workspace and lints a document; throws AGREEMENT_PARSE_ERROR or AGREEMENT_INVALID. */
export async function readAgreementDocument(
  repositories: Repositories,
  principal: Principal,
  input: AgreementDocument,
  versionOf?: VersionOf,
): Promise<ReadAgreementDocument> {
  const parsed = parseAgreement(input.document, input.format);
  const issues: AgreementIssue[] = [];
  const { id, customer: customerSlug } = parsed.metadata;
  if (versionOf && id !== versionOf.slug) {
    issues.push({
      path: 'metadata.id',
      code: 'AGREEMENT_INVALID',
      message: `a version of agreement ${versionOf.slug} keeps metadata.id: ${versionOf.slug} (a new agreement is created with POST /api/v1/agreements)`,
    });
  }
  const customer = await repositories.customers.findBySlug(scopeOf(principal), customerSlug);
  if (!customer) {
    issues.push({
      path: 'metadata.customer',
      code: 'AGREEMENT_UNKNOWN_REFERENCE',
      message: `there is no customer "${customerSlug}" in this workspace`,
    });
  } else if (versionOf && customer.id !== versionOf.customerId) {
    issues.push({
      path: 'metadata.customer',
      code: 'AGREEMENT_INVALID',
      message: 'every version of an agreement is with the same customer',
    });
  }
  const { resolve, missing } = await workspaceCalendars(repositories, principal.workspaceId, parsed);
  for (const [name, slug] of missing) {
    issues.push({
      path: `spec.calendars.${name}.use`,
      code: 'AGREEMENT_UNKNOWN_REFERENCE',
      message: `there is no workspace calendar "${slug}"; create it (POST /api/v1/calendars) or write the hours here`,
    });
  }
  if (issues.length > 0 || !customer) {
    const located = locateAgreementIssues(input.document, input.format, issues);
    const first = located[0]!;
    throw new DomainError(
      'AGREEMENT_INVALID',
      located.length === 1
        ? `the agreement is invalid: ${first.path}: ${first.message}`
        : `the agreement has ${located.length} problems, first: ${first.path}: ${first.message}`,
      { issues: located },
    );
  }
  const termTimeZoneWritten = writesTermTimeZone(input.document, input.format);
  const agreement = termTimeZoneWritten ? parsed : withTimeZoneOfCalendars(parsed, resolve);
  return {
    agreement,
    contentHash: agreementContentHash(agreement),
    findings: lintAgreement(agreement, {
      resolveCalendar: resolve,
      termTimeZoneWritten,
      writtenDurations: writtenDurationsOf(input.document, input.format),
    }),
    customer,
  };
}

/**
 * The lint findings of a stored version, with the workspace calendars as they are now (so a zone taken from them
 * when the version was saved is checked against them again).
 */
export async function lintStoredAgreement(
  repositories: Repositories,
  workspaceId: string,
  version: Pick<AgreementVersionRecord, 'content' | 'sourceText' | 'sourceFormat'>,
): Promise<LintFinding[]> {
  const agreement = version.content as Agreement;
  const { resolve } = await workspaceCalendars(repositories, workspaceId, agreement);
  const termTimeZoneWritten = writesTermTimeZone(version.sourceText, version.sourceFormat);
  const writtenDurations = writtenDurationsOf(version.sourceText, version.sourceFormat);
  return lintAgreement(agreement, { resolveCalendar: resolve, termTimeZoneWritten, writtenDurations });
}

/**
 * The workspace calendars the agreement refers to: a resolver for the core, the records used (their revisions tell
 * when a policy built on them is stale) and the references that name no calendar (name -> slug).
 */
export async function workspaceCalendars(
  repositories: Pick<Repositories, 'calendars'>,
  workspaceId: string,
  agreement: Agreement,
): Promise<{ resolve: CalendarResolver; used: CalendarRecord[]; missing: Map<string, string> }> {
  const references = calendarReferencesOf(agreement.spec.calendars);
  const used = await repositories.calendars.findBySlugs(workspaceId, [...new Set(references.values())]);
  const bySlug = new Map(used.map((calendar) => [calendar.slug, calendar]));
  const missing = new Map([...references].filter(([, slug]) => !bySlug.has(slug)));
  const resolve: CalendarResolver = (slug) => bySlug.get(slug)?.definition as CalendarInput | undefined;
  return { resolve, used, missing };
}
