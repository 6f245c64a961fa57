/**
 * How agreements, versions and approvals look in the API, and the request shapes the agreement routes share.
 * Instants are ISO-8601 UTC; a version's `content` is the normalised model (durations in milliseconds, percents as
 * numbers), `sourceText` the document as its author wrote it.
 */
import { z } from 'zod';
import { versionStateOf } from '../../app/agreements/agreement-access.ts';
import type { AgreementVersionDetail } from '../../app/agreements/read-agreements.ts';
import type { AgreementOverview, AgreementVersionSummary } from '../../app/ports/agreement-repository.ts';
import type { ClockRebuildOutcome } from '../../app/rebuild-after-change.ts';
import type { ReportablePeriods } from '../../app/results/reportable-periods.ts';
import { allowedVersionActions, versionStatuses } from '../../core/agreement/index.ts';
import { clockRebuildSchema } from './clock-rebuild-schema.ts';
import { instantSchema, iso, textInput } from './route-schemas.ts';

const uuid = z.uuid({ error: 'must be an id (UUID)' });

export const versionParams = z.strictObject({ id: uuid, versionId: uuid });

export const documentBody = z.strictObject({
  format: z.enum(['yaml', 'json']).default('yaml').describe('How the document is written (YAML also reads JSON).'),
  document: textInput
    .min(1)
    .max(500_000)
    .describe('The agreement document (apiVersion: covenant/v1, kind: Agreement), as YAML or JSON text.'),
});

export const versionStatusSchema = z.enum(versionStatuses);

const lintFindingSchema = z.object({
  path: z.string(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  suggestion: z.string(),
});

const approvalSchema = z.object({
  party: z.enum(['provider', 'customer']),
  userId: z.string(),
  email: z.string(),
  contentHash: z.string(),
  approvedAt: instantSchema,
});

export const versionSummarySchema = z.object({
  id: z.string(),
  number: z.number(),
  status: versionStatusSchema,
  contentHash: z.string(),
  revision: z.number(),
  timezone: z
    .string()
    .describe("The zone the version's dates are read in (its term's): its effective date is a date there."),
  effectiveFrom: instantSchema
    .nullable()
    .describe('From when it is in force; null for an amendment without a date, in force from when it is put in force.'),
  appliesToOpenTickets: z.boolean(),
  activatedAt: instantSchema.nullable(),
  endedAt: instantSchema.nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

export const versionSchema = versionSummarySchema.extend({
  agreementId: z.string(),
  customerId: z.string(),
  sourceFormat: z.enum(['yaml', 'json']),
  sourceText: z.string(),
  content: z.unknown().describe('The normalised agreement: durations in milliseconds, percents as numbers.'),
  lint: z.array(lintFindingSchema).describe('Lint findings of the content (errors block submission).'),
  approvals: z.array(approvalSchema),
  allowedActions: z.array(z.string()).describe('What the version accepts next (the UI offers these).'),
  createdBy: z.string().nullable(),
});

export const activatedVersionSchema = versionSchema.extend({ clockRebuild: clockRebuildSchema });

export const agreementSchema = z.object({
  id: z.string(),
  slug: z.string().describe('metadata.id of the document.'),
  title: z.string(),
  customerId: z.string(),
  customer: z.string().describe('The customer id (slug).'),
  latestVersion: versionSummarySchema.nullable().describe('The newest version the caller may see.'),
  activeVersion: versionSummarySchema.nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

export const agreementDetailSchema = agreementSchema.extend({
  versions: z.array(versionSummarySchema),
  reporting: z
    .object({
      timezone: z.string().describe('The zone the months are cut in.'),
      firstMonth: z.string().describe('The first month (YYYY-MM) in which a version was in force.'),
      latestMonth: z.string().describe('The latest month in which a version was in force: where a report opens.'),
      inForceNow: z.boolean(),
    })
    .nullable()
    .describe('The months the agreement has results for; null when no version has ever been in force.'),
});

export const changeSchema = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional().describe('The value before, as the normalised model has it (durations in ms).'),
  after: z.unknown().optional(),
  beforeText: z
    .string()
    .optional()
    .describe('The value before as people read it: durations in hours and minutes, metrics by name.'),
  afterText: z.string().optional().describe('The value after as people read it.'),
});

export function presentVersionSummary(version: AgreementVersionSummary): z.infer<typeof versionSummarySchema> {
  return {
    id: version.id,
    number: version.number,
    status: version.status,
    contentHash: version.contentHash,
    revision: version.revision,
    timezone: version.timezone,
    effectiveFrom: iso(version.effectiveFrom),
    appliesToOpenTickets: version.appliesToOpenTickets,
    activatedAt: iso(version.activatedAt),
    endedAt: iso(version.endedAt),
    createdAt: iso(version.createdAt),
    updatedAt: iso(version.updatedAt),
  };
}

export function presentVersion({ version, approvals }: AgreementVersionDetail): z.infer<typeof versionSchema> {
  return {
    ...presentVersionSummary(version),
    agreementId: version.agreementId,
    customerId: version.customerId,
    sourceFormat: version.sourceFormat,
    sourceText: version.sourceText,
    content: version.content,
    lint: version.lint as z.infer<typeof lintFindingSchema>[],
    approvals: approvals.map((approval) => ({
      party: approval.party,
      userId: approval.userId,
      email: approval.userEmail,
      contentHash: approval.contentHash,
      approvedAt: iso(approval.approvedAt),
    })),
    allowedActions: [...allowedVersionActions(versionStateOf(version, approvals))],
    createdBy: version.createdBy,
  };
}

export function presentActivatedVersion(
  detail: AgreementVersionDetail & { clockRebuild: ClockRebuildOutcome | null },
): z.infer<typeof activatedVersionSchema> {
  return { ...presentVersion(detail), clockRebuild: detail.clockRebuild };
}

export function presentAgreement(agreement: AgreementOverview): z.infer<typeof agreementSchema> {
  const latest = agreement.versions.at(-1);
  const active = agreement.versions.findLast((version) => version.status === 'active');
  return {
    id: agreement.id,
    slug: agreement.slug,
    title: agreement.title,
    customerId: agreement.customerId,
    customer: agreement.customerSlug,
    latestVersion: latest ? presentVersionSummary(latest) : null,
    activeVersion: active ? presentVersionSummary(active) : null,
    createdAt: iso(agreement.createdAt),
    updatedAt: iso(agreement.updatedAt),
  };
}

export function presentAgreementDetail(
  agreement: AgreementOverview & { readonly reporting?: ReportablePeriods | null },
): z.infer<typeof agreementDetailSchema> {
  const { reporting } = agreement;
  return {
    ...presentAgreement(agreement),
    versions: agreement.versions.map(presentVersionSummary),
    reporting:
      reporting == null
        ? null
        : {
            timezone: reporting.timeZone,
            firstMonth: reporting.firstMonth,
            latestMonth: reporting.latestMonth,
            inForceNow: reporting.inForceNow,
          },
  };
}
