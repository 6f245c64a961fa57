/**
 * Performance targets, a union on `metric`: ticket targets measured by SLA clocks (first_response, next_response,
 * resolution, periodic_update), availability of a service, OTIF deliveries, mean resolution time and generic KPIs.
 *
 * `goal` and `calendar` (and a KPI's `unit`) may be left out of a draft so that it can be saved unfinished; lint
 * reports them (`target-incomplete`) and blocks submission, so an approved agreement always has them.
 */
import { z } from 'zod';
import {
  distinctList,
  durationSchema,
  labelTextSchema,
  levelNameSchema,
  percentSchema,
  proseSchema,
  slugSchema,
  statusNameSchema,
} from './schema-primitives.ts';

export const ticketMetrics = ['first_response', 'next_response', 'resolution', 'periodic_update'] as const;
export type TicketMetric = (typeof ticketMetrics)[number];

const goalSchema = percentSchema({ min: 0, max: 100, exclusiveMin: true }).meta({
  description: 'Share of cases that must meet the target in a period, e.g. 95%.',
});
const amberMarginSchema = percentSchema({ min: 0, max: 100 }).meta({
  description: 'RAG amber band above the goal, in percentage points; default: spec.amberMargin.',
});
const relativeMarginSchema = z
  .number()
  .min(0)
  .max(1)
  .meta({ description: 'RAG amber band as a fraction of the objective, e.g. 0.1 for 10%.' });
const calendarRef = slugSchema.meta({ description: 'Business calendar of the target (a key of calendars).' });
const serviceRef = slugSchema.meta({ description: 'Service the target applies to (a service id); default: all.' });

const ticketTargetFields = {
  id: slugSchema,
  description: proseSchema.optional(),
  priorities: distinctList(levelNameSchema, 'priority').min(1).meta({ description: 'Priority levels it applies to.' }),
  service: serviceRef.optional(),
  calendar: calendarRef.optional(),
  goal: goalSchema.optional(),
  amberMargin: amberMarginSchema.optional(),
  warnAt: distinctList(percentSchema({ min: 0, max: 100, exclusiveMin: true, exclusiveMax: true }), 'threshold')
    .default([])
    .meta({ description: 'Warn when a clock has used these percents of its duration, e.g. [50%, 75%, 90%].' }),
  pauseOn: distinctList(statusNameSchema, 'status', 'AGREEMENT_DUPLICATE_ID')
    .default([])
    .meta({ description: 'Status names during which the clock pauses (pending statuses).' }),
};

const withinSchema = durationSchema.meta({ description: 'The clock duration, e.g. PT30M, PT4H or P2D.' });

/** The moves named by a word in `respondedBy`; a status change is written `{ status: <status name> }`. */
export const responseKinds = ['public_reply', 'call'] as const;

const responseEntryMessage = 'a response is public_reply, call or { status: <status name> }';

const responseEntrySchema = z.union([
  z.enum(responseKinds, { error: responseEntryMessage }).meta({
    description: "public_reply: an agent's public reply on any channel; call: a phone call an agent logged.",
  }),
  z
    .strictObject(
      {
        status: statusNameSchema.meta({
          description: "A change of the ticket's status to this status (a status of spec.statuses).",
        }),
      },
      { error: responseEntryMessage },
    )
    .meta({ description: 'A status change to the named status counts as the response.' }),
]);

/**
 * What counts as a response (docs/semantics.md#what-counts-as-a-response). Written out, `[public_reply]` is the
 * default and normalises to nothing, so it hashes like an agreement that leaves the field out.
 */
const respondedBySchema = distinctList(
  responseEntrySchema,
  'response',
  'AGREEMENT_INVALID',
  'write a list, e.g. respondedBy: [public_reply, call]',
)
  .min(1, { error: 'name at least one response, or leave respondedBy out for public replies only' })
  .transform((entries) => (entries.length === 1 && entries[0] === 'public_reply' ? undefined : entries))
  .optional()
  .meta({
    description:
      "What counts as a response and stops the clock: public_reply (an agent's public reply on any channel), call (a logged phone call), { status: <name> } (a change to that status). Default: [public_reply].",
  });

export const firstResponseTargetSchema = z.strictObject({
  ...ticketTargetFields,
  metric: z.literal('first_response'),
  within: withinSchema,
  respondedBy: respondedBySchema,
});
export const nextResponseTargetSchema = z.strictObject({
  ...ticketTargetFields,
  metric: z.literal('next_response'),
  within: withinSchema,
  respondedBy: respondedBySchema,
});
export const resolutionTargetSchema = z.strictObject({
  ...ticketTargetFields,
  metric: z.literal('resolution'),
  within: withinSchema,
  reopen: z
    .enum(['resume', 'restart'])
    .default('resume')
    .meta({ description: 'resume: a reopen continues the clock; restart: a new cycle starts at the reopen.' }),
  respondedBy: z
    .never({
      error:
        'a resolution is stopped by resolving the ticket; respondedBy belongs to first_response, next_response and periodic_update targets',
    })
    .optional()
    .meta({ description: 'Not allowed: a resolution target stops at the resolution.' }),
});
export const periodicUpdateTargetSchema = z.strictObject({
  ...ticketTargetFields,
  metric: z.literal('periodic_update'),
  every: durationSchema.meta({ description: 'Maximum business time between public updates, e.g. P1D.' }),
  respondedBy: respondedBySchema,
});

export const availabilityTargetSchema = z.strictObject({
  id: slugSchema,
  metric: z.literal('availability'),
  description: proseSchema.optional(),
  service: serviceRef,
  calendar: calendarRef.optional(),
  objective: goalSchema.meta({ description: 'Availability objective over the agreed service time, e.g. 99.5%.' }),
  amberMargin: amberMarginSchema.optional(),
  maintenance: z
    .strictObject({
      mode: z
        .enum(['excluded', 'up', 'down'])
        .meta({ description: 'excluded: removed from the agreed time; up: counts as available; down: as downtime.' }),
      noticeHours: z
        .number()
        .min(0)
        .max(8760)
        .meta({ description: 'Notice the mode needs; later notice is downtime.' }),
    })
    .default({ mode: 'down', noticeHours: 0 })
    .meta({ description: 'How announced maintenance counts. Default: as downtime.' }),
  partialWeight: z
    .number()
    .min(0)
    .max(1)
    .default(1)
    .meta({ description: 'Weight of a partial outage (a full outage weighs 1). Default 1.' }),
});

export const otifTargetSchema = z.strictObject({
  id: slugSchema,
  metric: z.literal('otif'),
  description: proseSchema.optional(),
  service: serviceRef.optional(),
  level: z.enum(['line', 'order']).meta({ description: 'Judge delivery lines, or whole orders (all lines OTIF).' }),
  onTime: z
    .strictObject({
      early: durationSchema
        .optional()
        .meta({ description: 'How early a delivery may be; absent: any early delivery is on time.' }),
      late: durationSchema.prefault('PT0S').meta({ description: 'How late a delivery may be. Default PT0S.' }),
    })
    .prefault({})
    .meta({ description: 'On time within [promised - early, promised + late]. Default: on or before the promise.' }),
  inFull: z
    .strictObject({ under: percentSchema({ min: 0, max: 100 }), over: percentSchema({ min: 0, max: 1000 }) })
    .prefault({ under: 0, over: 0 })
    .meta({ description: 'In full within [ordered x (1 - under), ordered x (1 + over)]. Default: exact quantity.' }),
  calendar: calendarRef
    .optional()
    .meta({ description: 'When given, the onTime tolerances are business time of this calendar; else real time.' }),
  goal: goalSchema.optional(),
  amberMargin: amberMarginSchema.optional(),
});

export const meanResolutionTimeTargetSchema = z.strictObject({
  id: slugSchema,
  metric: z.literal('mean_resolution_time'),
  description: proseSchema.optional(),
  priorities: distinctList(levelNameSchema, 'priority').min(1).optional(),
  service: serviceRef.optional(),
  calendar: calendarRef.optional(),
  objective: durationSchema.meta({ description: 'The mean must be at most this business time, e.g. PT6H.' }),
  amberMargin: relativeMarginSchema.optional(),
});

export const kpiTargetSchema = z.strictObject({
  id: slugSchema,
  metric: z.literal('kpi'),
  name: labelTextSchema,
  description: proseSchema.optional(),
  service: serviceRef.optional(),
  unit: labelTextSchema.optional().meta({ description: 'Unit of the value, e.g. "points (1-5)" or "tickets".' }),
  objective: z.number().meta({ description: 'The value the KPI must reach, in its unit.' }),
  direction: z.enum(['atMost', 'atLeast']),
  amberMargin: relativeMarginSchema.optional(),
});

export const targetSchema = z
  .discriminatedUnion(
    'metric',
    [
      firstResponseTargetSchema,
      nextResponseTargetSchema,
      resolutionTargetSchema,
      periodicUpdateTargetSchema,
      availabilityTargetSchema,
      otifTargetSchema,
      meanResolutionTimeTargetSchema,
      kpiTargetSchema,
    ],
    {
      error:
        'expected a metric: first_response, next_response, resolution, periodic_update, availability, otif, mean_resolution_time or kpi',
    },
  )
  .meta({ description: 'A performance target.' });
