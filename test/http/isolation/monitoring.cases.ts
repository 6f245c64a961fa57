/**
 * Isolation cases of monitoring (decision 0016): the clock queue and the attention queue, in-app notifications and preferences (a signed-in
 * user's own), webhook subscriptions, the outbox, deviations and the e-mail settings.
 */
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { unique } from './isolation-support.ts';
import { known, newDeviation, newNotification, newOutboxMessage, newWebhook, worldOf } from './monitoring-world.ts';

/** Ids of customer-scoped rows the actor must not find in a list. */
function foreignOf(kind: 'tickets' | 'deviations') {
  return (api: ApiFixture, actor: Actor): string[] => {
    const ids = known.get(api)![kind];
    if (actor === 'customer') return [ids.globex, ids.initech];
    if (actor === 'otherCustomer') return [ids.acme, ids.initech];
    if (actor === 'foreignAdmin' || actor === 'foreignCustomer') return [ids.acme, ids.globex];
    return [ids.initech];
  };
}

/** Ids of workspace rows the actor must not find in a list. */
function foreignWorkspaceOf(kind: 'webhooks' | 'outbox') {
  return (api: ApiFixture, actor: Actor): string[] => {
    const ids = known.get(api)![kind];
    return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [ids.alpha] : [ids.beta];
  };
}

/** A notification of the actor's own signed-in user (a made-up id for the anonymous caller). */
async function ownNotification(api: ApiFixture, actor: Actor): Promise<string> {
  if (actor === 'anonymous') return '00000000-0000-4000-8000-000000000000';
  const { user } = await api.userOf(actor);
  return newNotification(api, user.workspaceId, user.id);
}

const alphaWebhook = async (api: ApiFixture) => (await worldOf(api)).webhooks.alpha;

export const monitoringCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/clocks',
    permission: 'tickets.read',
    target: 'own',
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/clocks?limit=500&lifecycle=any' };
    },
    forbiddenIds: foreignOf('tickets'),
  },
  {
    route: 'GET /api/v1/clocks/attention',
    permission: 'tickets.read',
    target: 'own',
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/clocks/attention?limit=500' };
    },
    forbiddenIds: foreignOf('tickets'),
  },
  {
    route: 'GET /api/v1/notifications',
    permission: 'notifications.read',
    target: 'own',
    signedIn: true,
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/notifications?limit=500' };
    },
    forbiddenIds: (api) => {
      const { alpha, beta } = known.get(api)!.bystanderNotifications;
      return [alpha, beta];
    },
  },
  {
    route: 'POST /api/v1/notifications/:id/read',
    permission: 'notifications.read',
    target: 'own',
    signedIn: true,
    prepare: async (api, actor) => ({
      method: 'POST',
      url: `/api/v1/notifications/${await ownNotification(api, actor)}/read`,
    }),
  },
  {
    route: 'POST /api/v1/notifications/read-all',
    permission: 'notifications.read',
    target: 'own',
    signedIn: true,
    prepare: async () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }),
  },
  {
    route: 'GET /api/v1/me/notification-preferences',
    permission: 'notifications.read',
    target: 'own',
    signedIn: true,
    prepare: async () => ({ method: 'GET', url: '/api/v1/me/notification-preferences' }),
  },
  {
    route: 'PUT /api/v1/me/notification-preferences',
    permission: 'notifications.read',
    target: 'own',
    signedIn: true,
    prepare: async () => ({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      body: { email: false, timeZone: 'Europe/Warsaw', kinds: { report: false } },
    }),
  },
  {
    route: 'GET /api/v1/webhooks',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/webhooks?limit=500' };
    },
    forbiddenIds: foreignWorkspaceOf('webhooks'),
  },
  {
    route: 'POST /api/v1/webhooks',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async () => ({
      method: 'POST',
      url: '/api/v1/webhooks',
      body: { url: `https://hooks.example/${unique('new')}`, eventTypes: ['clock.warning'] },
    }),
  },
  {
    route: 'GET /api/v1/webhooks/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/webhooks/${await alphaWebhook(api)}` }),
  },
  {
    route: 'PATCH /api/v1/webhooks/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/webhooks/${await alphaWebhook(api)}`,
      body: { description: unique('Renamed'), rotateSecret: true },
    }),
  },
  {
    route: 'DELETE /api/v1/webhooks/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/webhooks/${await newWebhook(api, 'alpha')}` }),
  },
  {
    route: 'GET /api/v1/webhooks/:id/deliveries',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/webhooks/${await alphaWebhook(api)}/deliveries` }),
  },
  {
    route: 'POST /api/v1/webhooks/:id/test',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'POST', url: `/api/v1/webhooks/${await alphaWebhook(api)}/test` }),
  },
  {
    route: 'GET /api/v1/outbox',
    permission: 'notifications.manage',
    target: 'own',
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/outbox?limit=500' };
    },
    forbiddenIds: foreignWorkspaceOf('outbox'),
  },
  {
    route: 'POST /api/v1/outbox/:id/retry',
    permission: 'notifications.manage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/outbox/${await newOutboxMessage(api, api.world.alpha.workspaceId, true)}/retry`,
    }),
  },
  {
    route: 'GET /api/v1/deviations',
    permission: 'results.read',
    target: 'own',
    prepare: async (api) => {
      await worldOf(api);
      return { method: 'GET', url: '/api/v1/deviations?limit=500' };
    },
    forbiddenIds: foreignOf('deviations'),
  },
  {
    route: 'PATCH /api/v1/deviations/:id',
    permission: 'deviations.write',
    target: 'acme',
    prepare: async (api) => {
      const { tickets } = await worldOf(api);
      return {
        method: 'PATCH',
        url: `/api/v1/deviations/${await newDeviation(api, 'acme', tickets.acme)}`,
        body: { status: 'in_progress', note: 'Looking into it' },
      };
    },
  },
  {
    route: 'GET /api/v1/settings/email',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/settings/email' }),
  },
  {
    route: 'POST /api/v1/settings/email/test',
    permission: 'workspace.manage',
    target: 'own',
    signedIn: true,
    prepare: async (api) => {
      // A test e-mail needs an SMTP server (409 EMAIL_NOT_CONFIGURED otherwise): this fixture's server has one.
      Object.assign(api.dependencies, {
        emailSettings: { configured: true, host: 'smtp.alpha.example', from: 'sla@alpha.example' },
      });
      return { method: 'POST', url: '/api/v1/settings/email/test' };
    },
  },
];
