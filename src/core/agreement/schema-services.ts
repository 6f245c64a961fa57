/**
 * What is supported and how the customer reaches the provider: the services in scope (with the environment they
 * cover, which decides whether a ticket is in scope) and the support channels with their hours.
 */
import { z } from 'zod';
import { distinctList, emailSchema, labelTextSchema, proseSchema, slugSchema } from './schema-primitives.ts';

export const environmentSchema = z
  .strictObject({
    users: z.int().min(0).optional().meta({ description: 'Number of users covered.' }),
    systems: distinctList(labelTextSchema, 'system').default([]),
    incidentCategories: distinctList(labelTextSchema, 'incident category').default([]),
  })
  .meta({ description: 'The environment the service covers.' });

export const serviceSchema = z
  .strictObject({
    id: slugSchema,
    name: labelTextSchema.optional(),
    description: proseSchema.optional(),
    scope: distinctList(proseSchema, 'scope item').min(1, { error: 'list what the service covers' }),
    environment: environmentSchema.default({ systems: [], incidentCategories: [] }),
    owner: z.string().trim().min(1).max(200).optional().meta({ description: 'Service owner (user or e-mail).' }),
  })
  .meta({ description: 'A service in scope of the agreement.' });

const channelCalendar = slugSchema
  .optional()
  .meta({ description: 'When the channel is staffed (a key of calendars); default: always open.' });

const urlSchema = z.url({ error: 'expected a URL such as https://support.provider.example' });

const webChannel = (kind: 'portal' | 'chat' | 'api') =>
  z.strictObject({
    kind: z.literal(kind),
    url: urlSchema.optional(),
    calendar: channelCalendar,
    description: proseSchema.optional(),
  });

export const channelSchema = z
  .discriminatedUnion(
    'kind',
    [
      webChannel('portal'),
      z.strictObject({
        kind: z.literal('email'),
        address: emailSchema,
        calendar: channelCalendar,
        description: proseSchema.optional(),
      }),
      z.strictObject({
        kind: z.literal('phone'),
        number: z
          .string()
          .regex(/^\+?[0-9][0-9 ()./-]{4,30}$/, { error: 'expected a phone number such as "+48 22 000 00 00"' }),
        calendar: channelCalendar,
        description: proseSchema.optional(),
      }),
      webChannel('chat'),
      webChannel('api'),
    ],
    { error: 'expected a channel kind: portal, email, phone, chat or api' },
  )
  .meta({ description: 'A support channel.' });
