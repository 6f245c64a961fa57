/**
 * The signed-in user's in-app notifications and notification preferences (decision 0016). They belong to a person:
 * an API token is answered 400 NOTIFICATIONS_NEED_A_USER, and another user's notification is not found (404).
 */
import { z } from 'zod';
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../app/monitoring/manage-notifications.ts';
import { getMyPreferences, saveMyPreferences } from '../../app/monitoring/notification-preferences.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  noBody,
  notificationSchema,
  preferencesSchema,
  presentNotification,
  presentPreferences,
} from './monitoring.presenters.ts';
import { idParams, listEnvelope, pageBody, pageOf, pageQuery, standardErrors, textInput } from './route-schemas.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export function notificationRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The signed-in user's notifications, newest first, with the number unread",
        querystring: z.strictObject({
          ...pageQuery,
          unread: flag.optional().describe('true: only unread ones; false: only read ones.'),
        }),
        response: {
          200: listEnvelope(notificationSchema).extend({
            unread: z.number().describe("The user's unread notifications, whatever the filter."),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const { limit, offset, unread } = request.query;
      const page = await listMyNotifications(store, principalOf(request), pageOf({ limit, offset }), { unread });
      return { ...pageBody(page, presentNotification), unread: page.unread };
    },
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: "Mark all of the signed-in user's notifications read",
        body: noBody,
        response: {
          200: z.object({ marked: z.number().describe('How many were unread.') }),
          ...standardErrors,
        },
      },
    },
    async (request) => ({ marked: await markAllNotificationsRead(dependencies, principalOf(request)) }),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read (repeating it keeps the first read instant)',
        params: idParams,
        body: noBody,
        response: { 200: notificationSchema, ...standardErrors },
      },
    },
    async (request) =>
      presentNotification(await markNotificationRead(dependencies, principalOf(request), request.params.id)),
  );
  app.get(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: "The signed-in user's notification preferences (the defaults when none were saved)",
        response: { 200: preferencesSchema, ...standardErrors },
      },
    },
    async (request) => presentPreferences(await getMyPreferences(store, principalOf(request))),
  );
  app.put(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Save notification preferences (fields left out keep their value)',
        body: z.strictObject({
          email: z.boolean().optional(),
          inApp: z.boolean().optional(),
          timeZone: textInput
            .min(1)
            .max(64)
            .nullable()
            .optional()
            .describe("IANA zone (unknown: 400 CALENDAR_UNKNOWN_TIMEZONE); null: the user's own zone."),
          kinds: z
            .strictObject({
              warning: z.boolean().optional(),
              escalation: z.boolean().optional(),
              breach: z.boolean().optional(),
              report: z.boolean().optional(),
            })
            .optional(),
        }),
        response: { 200: preferencesSchema, ...standardErrors },
      },
    },
    async (request) => presentPreferences(await saveMyPreferences(dependencies, principalOf(request), request.body)),
  );
}
