/**
 * The ticket workflow an agreement is measured on: its statuses, each mapped to a category (which tells the clocks
 * when a ticket is waiting, resolved or closed), and its priorities with the impact x urgency matrix.
 */
import { z } from 'zod';
import { levelNameSchema, proseSchema, statusNameSchema } from './schema-primitives.ts';

/** Status categories (docs/semantics.md#status-categories); only `pending` statuses are meant to pause clocks. */
export const statusCategories = ['new', 'open', 'pending', 'resolved', 'closed', 'cancelled'] as const;
export type StatusCategory = (typeof statusCategories)[number];

export const statusSchema = z
  .strictObject({
    name: statusNameSchema,
    category: z.enum(statusCategories),
    description: proseSchema.optional(),
  })
  .meta({ description: 'A ticket status and its category.' });

/** The workflow used when an agreement names none: the usual service-desk statuses. */
export const defaultStatuses: readonly z.output<typeof statusSchema>[] = [
  { name: 'new', category: 'new' },
  { name: 'open', category: 'open' },
  { name: 'in_progress', category: 'open' },
  { name: 'awaiting_customer', category: 'pending' },
  { name: 'awaiting_vendor', category: 'pending' },
  { name: 'resolved', category: 'resolved' },
  { name: 'closed', category: 'closed' },
  { name: 'cancelled', category: 'cancelled' },
];

export const statusesSchema = z
  .array(statusSchema)
  .min(1)
  .default(() => defaultStatuses.map((status) => ({ ...status })))
  .meta({
    description:
      'Ticket statuses in workflow order. Default: new, open, in_progress, awaiting_customer and awaiting_vendor (pending), resolved, closed, cancelled.',
  });

export const prioritiesSchema = z
  .strictObject({
    levels: z
      .array(levelNameSchema)
      .min(1)
      .meta({ description: 'Priority levels from the most to the least urgent, e.g. [P1, P2, P3, P4].' }),
    matrix: z
      .record(levelNameSchema, z.record(levelNameSchema, levelNameSchema))
      .optional()
      .meta({ description: 'impact -> urgency -> priority level.' }),
    default: levelNameSchema.optional().meta({
      description:
        'The priority of a ticket that arrives without one (an e-mail, a call): one of the levels. Without it, such a ' +
        'ticket is not measured until someone sets its priority.',
    }),
  })
  .meta({ description: 'Priority levels and how impact and urgency map to them.' });
