/**
 * The HTTP server: fastify with zod schemas (one source for validation, types and the OpenAPI document), one error
 * shape, authentication by session cookie (with CSRF protection) or API token, request ids in logs and responses,
 * Prometheus metrics. Routes live in ./routes, one module per resource, and stay thin: parse, authorise through a
 * use-case, present.
 */
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installAuthentication } from './authentication.ts';
import type { HttpDependencies } from './http-dependencies.ts';
import { toErrorResponse } from './http-errors.ts';
import { installMetrics } from './metrics.ts';
import { registerRoutes } from './routes/index.ts';
import { DOCS_PREFIX, docsContentSecurityPolicy, installSecurityHeaders } from './security-headers.ts';
import { SESSION_COOKIE } from './session-cookie.ts';
import { answerWithWebUi, registerWebUi } from './web-ui.ts';
import './zod-app.ts';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildServer(
  dependencies: HttpDependencies,
  options: {
    logger?: FastifyServerOptions['logger'];
    /** Proxies whose X-Forwarded-For gives the client address (`request.ip`); none by default (COVENANT_TRUST_PROXY). */
    trustProxy?: readonly string[];
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  installSecurityHeaders(app, { https: dependencies.secureCookies });
  app.setErrorHandler((error, request, reply) => {
    const { status, body, unexpected } = toErrorResponse(error, request.routeOptions.bodyLimit);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (await answerWithWebUi(dependencies.webUi, request, reply)) return reply;
    return reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        details: {},
      },
    });
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Covenant API',
        version: dependencies.version,
        description:
          'SLA management: agreements as code, business-hours clocks, measurement and credits. Authenticate with a ' +
          'session cookie (POST /api/v1/auth/login; unsafe methods then need the X-CSRF-Token header) or an API token ' +
          '(Authorization: Bearer cov_...); without either, routes that need a login answer 401 before reading the body. ' +
          'Errors are always { "error": { "code", "message", "details" } }. Limits: request bodies up to 1 MiB (batch ' +
          'routes 16 MiB, routes without a login 16 KiB; larger: 413 BODY_TOO_LARGE); instants are ISO-8601 with an ' +
          'offset from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z; text may not contain the NUL character ' +
          '(U+0000) or lone surrogates (400 VALIDATION_FAILED).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    transformStaticCSP: (header) => docsContentSecurityPolicy(header, dependencies.secureCookies),
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.decorate('covenantRoutes', routes);
  installMetrics(app, dependencies.metrics);
  installAuthentication(app, dependencies);
  registerRoutes(app.withTypeProvider<ZodTypeProvider>(), dependencies);
  await registerWebUi(app, dependencies.webUi);
  return app;
}
