/**
 * The import mapping (docs/import-mapping.md): how the columns of any ticket history (an event log with one row per
 * change, or snapshots with one row per ticket) become Covenant ticket events. This zod schema is the one definition:
 * it validates the YAML, gives the TypeScript types and generates docs/import-mapping.schema.json.
 */
import { z } from 'zod';
import { ticketEventTypes } from '../clocks/ticket-event.ts';

const columnName = z.string().min(1).max(200).describe('a column name exactly as in the header row');

/** Covenant status names are lower_snake_case: agreements name them in `pauseOn`. */
const statusName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'a status name must be lower_snake_case, e.g. awaiting_customer')
  .max(100);

/** `reply` is not a ticket event type: it becomes `agent_reply` or `customer_reply` by who acted (`actor`). */
export const mappedEventTypes = [...ticketEventTypes, 'reply'] as const;
export type MappedEventType = (typeof mappedEventTypes)[number];

const eventOutcomeSchema = z
  .strictObject({
    event: z.enum(mappedEventTypes).describe('the ticket event type; `reply` takes agent or customer from `actor`'),
    status: statusName.optional().describe('the ticket status after the event (required for `status`)'),
  })
  .refine((outcome) => outcome.event !== 'status' || outcome.status !== undefined, {
    message: 'an event of type "status" needs a status name',
    path: ['status'],
  });

/** What one value (or combination of values) means: an event, or `ignore` (the row is read and deliberately unused). */
const eventValueSchema = z.union([z.literal('ignore'), eventOutcomeSchema]);

const singleColumnEventSchema = z.strictObject({
  column: columnName,
  values: z.record(z.string(), eventValueSchema).describe('each value of the column: an event, or "ignore"'),
});

const eventRuleSchema = z.strictObject({
  when: z
    .record(z.string(), z.string())
    .refine((when) => Object.keys(when).length > 0, 'a rule needs at least one column to match')
    .describe('column -> value; every listed column must hold exactly that value'),
  becomes: eventValueSchema,
});

const multiColumnEventSchema = z.strictObject({
  columns: z.array(columnName).min(1).describe('the columns the rules may match (a status plus a sub-status, ...)'),
  rules: z.array(eventRuleSchema).min(1).describe('tried in order; the first rule whose columns all match wins'),
});

/** A value taken from a column, optionally translated; values missing from `values` are problems unless `default`. */
const valueMapSchema = z.strictObject({
  column: columnName,
  values: z
    .record(z.string(), z.string().min(1).max(200))
    .optional()
    .describe('source value -> Covenant value; without it the value is kept as it is'),
  default: z.string().min(1).max(200).optional().describe('the value for a source value that `values` does not list'),
});

const fixedValueSchema = z.strictObject({ fixed: z.string().min(1).max(200) });

const actorSchema = z.strictObject({
  column: columnName,
  values: z.record(z.string(), z.enum(['agent', 'customer'])).describe('source value -> agent or customer'),
  default: z.enum(['agent', 'customer']).optional(),
});

const timestampsSchema = z.strictObject({
  format: z
    .string()
    .min(1)
    .max(100)
    .describe('`iso`, or a pattern of YYYY, MM/M, DD/D, HH/H, mm, ss, SSS and literal characters'),
  zone: z.string().min(1).max(100).describe('IANA zone of timestamps without an offset; an offset in the data wins'),
});

const eventLogSchema = z.strictObject({
  at: columnName.describe('the instant of the change the row records'),
  openedAt: columnName.optional().describe("a column with the case's opening instant (one `opened` event per case)"),
  sequence: columnName
    .optional()
    .describe('a column that identifies the row within its case (a modification count): it keys the events'),
});

const snapshotSchema = z.strictObject({
  openedAt: columnName,
  resolvedAt: columnName.optional(),
  closedAt: columnName.optional(),
});

const textSchema = z.strictObject({
  title: columnName.optional(),
  description: z.union([columnName, z.array(columnName).min(1)]).optional(),
});

export const importMappingSchema = z
  .strictObject({
    shape: z.enum(['event_log', 'snapshot']).describe('event_log: one row per change; snapshot: one row per ticket'),
    caseId: columnName.describe('the column that identifies the ticket (case)'),
    timestamps: timestampsSchema,
    missingValues: z
      .array(z.string())
      .optional()
      .describe('texts that mean "no value" (default: the empty text only), e.g. ["", "?"]'),
    eventLog: eventLogSchema.optional(),
    snapshot: snapshotSchema.optional(),
    event: z.union([singleColumnEventSchema, multiColumnEventSchema]).optional(),
    priority: valueMapSchema.optional(),
    impact: valueMapSchema.optional(),
    urgency: valueMapSchema.optional(),
    customer: z.union([fixedValueSchema, valueMapSchema]).optional(),
    service: z.union([fixedValueSchema, valueMapSchema]).optional(),
    actor: actorSchema.optional(),
    text: textSchema.optional(),
  })
  .superRefine((mapping, context) => {
    if (mapping.shape === 'event_log') {
      if (mapping.eventLog === undefined) {
        context.addIssue({ code: 'custom', path: ['eventLog'], message: 'shape event_log needs `eventLog.at`' });
      }
      if (mapping.event === undefined) {
        context.addIssue({ code: 'custom', path: ['event'], message: 'shape event_log needs `event`' });
      }
      if (mapping.snapshot !== undefined) {
        context.addIssue({ code: 'custom', path: ['snapshot'], message: 'only for shape snapshot' });
      }
    } else {
      if (mapping.snapshot === undefined) {
        context.addIssue({ code: 'custom', path: ['snapshot'], message: 'shape snapshot needs `snapshot.openedAt`' });
      }
      for (const key of ['eventLog', 'event'] as const) {
        if (mapping[key] !== undefined) {
          context.addIssue({ code: 'custom', path: [key], message: 'only for shape event_log' });
        }
      }
    }
    if (mapping.priority !== undefined && (mapping.impact !== undefined || mapping.urgency !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['priority'],
        message: 'give priority, or impact and urgency (the agreement derives the priority), not both',
      });
    }
  });

export type ImportMapping = z.infer<typeof importMappingSchema>;
export type EventValue = z.infer<typeof eventValueSchema>;
export type ValueMap = z.infer<typeof valueMapSchema>;
