/**
 * The agreement document (`apiVersion: covenant/v1`, `kind: Agreement`) assembled from its sections. This zod schema
 * is the single source of the validation, the TypeScript types (input: what authors write; output: the normalised
 * model) and the published JSON Schema. Cross-references between sections are checked in `cross-references.ts`.
 */
import { z } from 'zod';
import { calendarObjectSchema } from '../time/calendar-definition.ts';
import { canonicalTimeZone } from '../time/index.ts';
import { calendarReferenceSchema, isCalendarReference } from './calendar-reference.ts';
import {
  exclusionsSchema,
  metadataSchema,
  reportingSchema,
  responsibilitiesSchema,
  reviewSchema,
  signatoriesSchema,
  termSchema,
  versionSchema,
} from './schema-frame.ts';
import { percentSchema } from './schema-primitives.ts';
import { creditsSchema, escalationSchema, terminationClauseSchema } from './schema-remedies.ts';
import { channelSchema, serviceSchema } from './schema-services.ts';
import { targetSchema } from './schema-targets.ts';
import { prioritiesSchema, statusesSchema } from './schema-workflow.ts';

export const calendarNameSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, { error: 'calendar names are lower-case, e.g. "business" or "always"' });

/** The sections of `spec`, each parsed on its own when the whole document is not valid (see parse-agreement.ts). */
export const specSections = {
  term: termSchema,
  version: versionSchema.prefault({}),
  review: reviewSchema,
  services: z.array(serviceSchema).min(1, { error: 'list at least one service' }),
  channels: z.array(channelSchema).default([]),
  calendars: z
    // One flat union, the reference last: a broken inline calendar keeps its own precise issues.
    .record(calendarNameSchema, z.union([z.literal('24x7'), calendarObjectSchema, calendarReferenceSchema]))
    .default({})
    .meta({
      description:
        'Business calendars by name: "24x7", {timezone, weekly, holidays?, overrides?}, or {use: <workspace calendar id>}.',
    }),
  statuses: statusesSchema,
  priorities: prioritiesSchema.optional(),
  targets: z.array(targetSchema).default([]),
  amberMargin: percentSchema({ min: 0, max: 100 })
    .optional()
    .meta({ description: 'Default RAG amber band of percent targets, in percentage points above the goal.' }),
  escalation: escalationSchema,
  credits: creditsSchema.optional(),
  termination: z.array(terminationClauseSchema).default([]),
  exclusions: exclusionsSchema.prefault({}),
  responsibilities: responsibilitiesSchema.prefault({}),
  reporting: reportingSchema.optional(),
  signatories: signatoriesSchema.prefault({}),
};

const specObjectSchema = z.strictObject(specSections);

/** The spec as parsed, before the defaults that depend on other sections are filled in. */
export type SpecSections = z.output<typeof specObjectSchema>;

export const specSchema = specObjectSchema
  .transform(completeSpec)
  .meta({ description: 'The content of the agreement.' });

export const agreementSchema = z
  .strictObject({
    apiVersion: z.literal('covenant/v1', { error: 'expected apiVersion: covenant/v1' }),
    kind: z.literal('Agreement', { error: 'expected kind: Agreement' }),
    metadata: metadataSchema,
    spec: specSchema,
  })
  .meta({ title: 'Covenant agreement', description: 'A service level agreement as code (covenant/v1).' });

/** An agreement as authors write it (YAML or JSON), before normalisation. */
export type AgreementInput = z.input<typeof agreementSchema>;
/** The normalised agreement: percents as numbers, durations in milliseconds, defaults filled in. */
export type Agreement = z.output<typeof agreementSchema>;
export type AgreementSpec = Agreement['spec'];
export type AgreementMetadata = Agreement['metadata'];
export type Target = AgreementSpec['targets'][number];
export type TargetMetric = Target['metric'];
export type TicketTarget = Extract<
  Target,
  { metric: 'first_response' | 'next_response' | 'resolution' | 'periodic_update' }
>;
export type AvailabilityTarget = Extract<Target, { metric: 'availability' }>;
export type OtifTarget = Extract<Target, { metric: 'otif' }>;
export type MeanResolutionTimeTarget = Extract<Target, { metric: 'mean_resolution_time' }>;
export type KpiTarget = Extract<Target, { metric: 'kpi' }>;
export type Service = AgreementSpec['services'][number];
export type Channel = AgreementSpec['channels'][number];
export type Status = AgreementSpec['statuses'][number];
export type Priorities = AgreementSpec['priorities'];
export type EscalationLevel = AgreementSpec['escalation'][number];
export type Credits = NonNullable<AgreementSpec['credits']>;
export type TerminationClause = AgreementSpec['termination'][number];

/**
 * Fills the defaults that depend on other sections: the zone the
 * dates are read in (the one zone all inline calendars share, else UTC; references to workspace calendars are not
 * known here) and an empty priority list.
 */
function completeSpec(spec: SpecSections) {
  const { term, version, priorities } = spec;
  return {
    ...spec,
    term: { ...term, timezone: canonicalTimeZone(term.timezone ?? sharedCalendarZone(spec.calendars)) ?? 'UTC' },
    version,
    priorities: priorities ?? { levels: [] },
  };
}

function sharedCalendarZone(calendars: SpecSections['calendars']): string {
  const zones = new Set<string>();
  for (const calendar of Object.values(calendars)) {
    if (calendar !== '24x7' && !isCalendarReference(calendar)) {
      zones.add(canonicalTimeZone(calendar.timezone) ?? calendar.timezone);
    }
  }
  return zones.size === 1 ? [...zones][0]! : 'UTC';
}
