/** Every route module, registered in one place. */
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { apiTokenRoutes } from './api-tokens.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { customerRoutes } from './customers.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { userRoutes } from './users.routes.ts';

export function registerRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  healthRoutes(app, dependencies);
  authRoutes(app, dependencies);
  userRoutes(app, dependencies);
  apiTokenRoutes(app, dependencies);
  customerRoutes(app, dependencies);
  auditRoutes(app, dependencies);
}
