/**
 * The frame of an agreement: who it is between, its term and version, review and reporting cadence, the parties'
 * responsibilities, exclusions and signatories. Mostly prose and dates; the measurable parts live in the targets.
 */
import { z } from 'zod';
import { canonicalTimeZone } from '../time/index.ts';
import {
  addCodedIssue,
  dateSchema,
  distinctList,
  emailSchema,
  labelTextSchema,
  periodSchema,
  proseSchema,
  slugSchema,
} from './schema-primitives.ts';

const labelKeySchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9._/-]*[a-z0-9])?$/, { error: 'label keys are lower-case, e.g. "region" or "tier"' });

export const metadataSchema = z
  .strictObject({
    id: slugSchema.meta({ description: 'Stable identifier of the agreement; all its versions share it.' }),
    title: labelTextSchema,
    customer: slugSchema.meta({ description: 'Identifier of the customer the agreement is with.' }),
    provider: labelTextSchema.optional().meta({ description: 'The provider, as named in the contract.' }),
    description: proseSchema.optional(),
    labels: z.record(labelKeySchema, z.string().max(200)).optional(),
  })
  .meta({ description: 'Who the agreement is between and how it is named.' });

export const termSchema = z
  .strictObject({
    start: dateSchema.meta({ description: 'First day of the agreement (local date).' }),
    end: dateSchema.optional().meta({ description: 'Last day of the term; required when the term renews.' }),
    timezone: z
      .string()
      .superRefine((zone, ctx) => {
        if (canonicalTimeZone(zone) === undefined) {
          addCodedIssue(
            ctx,
            'CALENDAR_UNKNOWN_TIMEZONE',
            `unknown time zone "${zone}"; use an IANA zone such as Europe/Warsaw`,
          );
        }
      })
      .optional()
      .meta({
        description:
          'IANA zone in which the agreement dates are read. Default: the zone shared by all calendars, else UTC.',
      }),
    renewal: z
      .enum(['auto', 'manual', 'none'])
      .meta({ description: 'auto: renews unless notice is given; manual: renews by a new version; none: ends.' }),
    noticeDays: z.int().min(0).max(3650).default(0).meta({ description: 'Notice, in days, to stop a renewal.' }),
  })
  .meta({ description: 'The term of the agreement.' });

export const reviewSchema = z
  .strictObject({
    every: periodSchema.meta({ description: 'Service review cadence, e.g. P3M.' }),
    statusMeetings: periodSchema.optional().meta({ description: 'Status meeting cadence, e.g. P1M.' }),
  })
  .meta({ description: 'How often the parties review the agreement and meet on its status.' });

export const versionSchema = z
  .strictObject({
    effective: dateSchema
      .optional()
      .meta({ description: 'Date from which this version applies; default: the term start.' }),
    notes: proseSchema.optional().meta({ description: 'What this version changes and why.' }),
    appliesToOpenTickets: z.boolean().default(false).meta({
      description:
        'When true, this version also governs tickets opened under an earlier version once it is active (docs/semantics.md#which-agreement-version-governs-a-ticket).',
    }),
  })
  .meta({ description: 'Version details of this text of the agreement.' });

export const reportingSchema = z
  .strictObject({
    period: periodSchema.meta({ description: 'Reporting period, e.g. P1M.' }),
    dueWithinBusinessDays: z.int().min(0).max(60),
    calendar: slugSchema
      .optional()
      .meta({ description: 'Calendar whose working days count for dueWithinBusinessDays (a key of calendars).' }),
    recipients: distinctList(emailSchema, 'recipient').min(1),
  })
  .meta({ description: 'Periodic compliance reports: cadence, due date and recipients.' });

export const responsibilitiesSchema = z
  .strictObject({
    provider: z.array(proseSchema).default([]),
    customer: z.array(proseSchema).default([]),
  })
  .meta({ description: 'What each party undertakes, one obligation per entry.' });

export const exclusionsSchema = z
  .strictObject({
    forceMajeure: proseSchema.optional(),
    customerCaused: proseSchema.optional(),
    plannedMaintenance: proseSchema.optional(),
    other: z.array(proseSchema).optional(),
  })
  .meta({ description: 'What does not count against the targets, in prose.' });

export const signatoriesSchema = z
  .strictObject({
    provider: distinctList(emailSchema, 'signatory').default([]),
    customer: distinctList(emailSchema, 'signatory').default([]),
  })
  .meta({ description: 'People who approve versions for each party; when a list is given, only they can approve.' });
