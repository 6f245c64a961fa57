/** Every route module, registered in one place. */
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { agreementRoutes } from './agreements.routes.ts';
import { apiTokenRoutes } from './api-tokens.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { calendarRoutes } from './calendars.routes.ts';
import { customerRoutes } from './customers.routes.ts';
import { deliveryRoutes } from './deliveries.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { kpiValueRoutes } from './kpi-values.routes.ts';
import { maintenanceRoutes } from './maintenance.routes.ts';
import { monitoringRoutes } from './monitoring.routes.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { outageRoutes } from './outages.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { resultRoutes } from './results.routes.ts';
import { serviceRoutes } from './services.routes.ts';
import { ticketRoutes } from './tickets.routes.ts';
import { userRoutes } from './users.routes.ts';
import { webhookRoutes } from './webhooks.routes.ts';

export function registerRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  healthRoutes(app, dependencies);
  authRoutes(app, dependencies);
  userRoutes(app, dependencies);
  apiTokenRoutes(app, dependencies);
  customerRoutes(app, dependencies);
  agreementRoutes(app, dependencies);
  calendarRoutes(app, dependencies);
  serviceRoutes(app, dependencies);
  auditRoutes(app, dependencies);
  outageRoutes(app, dependencies);
  maintenanceRoutes(app, dependencies);
  deliveryRoutes(app, dependencies);
  kpiValueRoutes(app, dependencies);
  ticketRoutes(app, dependencies);
  resultRoutes(app, dependencies);
  monitoringRoutes(app, dependencies);
  notificationRoutes(app, dependencies);
  webhookRoutes(app, dependencies);
  reportRoutes(app, dependencies);
}
