/**
 * Agreements and their versions: create from a YAML or JSON document, list, read, amend with a new version, edit a
 * draft (If-Match with the version's ETag), compare two versions. The life-cycle steps of a version (submit,
 * approvals, activation, ...) are in agreement-transitions.routes.ts.
 */
import { z } from 'zod';
import { createAgreement, createAgreementVersion } from '../../app/agreements/create-agreement.ts';
import { editAgreementVersion } from '../../app/agreements/edit-agreement-version.ts';
import {
  diffAgreementVersions,
  getAgreement,
  getAgreementVersion,
  listAgreements,
} from '../../app/agreements/read-agreements.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { agreementTransitionRoutes } from './agreement-transitions.routes.ts';
import {
  agreementDetailSchema,
  agreementSchema,
  changeSchema,
  documentBody,
  presentAgreement,
  presentAgreementDetail,
  presentVersion,
  presentVersionSummary,
  versionParams,
  versionSchema,
  versionStatusSchema,
  versionSummarySchema,
} from './agreements.presenters.ts';
import { ifMatchRevision, sendEtag } from './revision-header.ts';
import {
  errorBody,
  idParams,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
  textInput,
} from './route-schemas.ts';

const documentErrors = { ...standardErrors, 409: errorBody, 422: errorBody };

export function agreementRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'List agreements (customer representatives: their own, without drafts)',
        querystring: z.strictObject({
          ...pageQuery,
          customer: textInput.min(1).max(64).optional().describe('A customer id (UUID) or slug.'),
          status: versionStatusSchema.optional().describe('Status of the latest version.'),
          search: textInput.max(100).optional().describe('Part of the id or the title.'),
          sort: z
            .enum(['slug', '-slug', 'title', '-title', 'created', '-created', 'updated', '-updated'])
            .default('title'),
        }),
        response: { 200: listEnvelope(agreementSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { customer, status, search, sort, ...page } = request.query;
      const filter = { customer, status, search, sort };
      return pageBody(await listAgreements(store, principalOf(request), pageOf(page), filter), presentAgreement);
    },
  );
  app.post(
    '/api/v1/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Create an agreement from its document: version 1, a draft, with its lint findings',
        body: documentBody,
        response: { 201: z.object({ agreement: agreementDetailSchema, version: versionSchema }), ...documentErrors },
      },
    },
    async (request, reply) => {
      const created = await createAgreement(dependencies, principalOf(request), request.body);
      reply.header('location', `/api/v1/agreements/${created.agreement.id}`);
      return reply.status(201).send({
        agreement: presentAgreementDetail(created.agreement),
        version: presentVersion({ version: created.version, approvals: [] }),
      });
    },
  );
  app.get(
    '/api/v1/agreements/:id',
    {
      schema: {
        tags: ['agreements'],
        summary: 'An agreement with the summaries of its versions and the months it has results for',
        params: idParams,
        response: { 200: agreementDetailSchema, ...standardErrors },
      },
    },
    async (request) =>
      presentAgreementDetail(await getAgreement(dependencies, principalOf(request), request.params.id)),
  );
  app.post(
    '/api/v1/agreements/:id/versions',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Amend: a new draft version from a document (409 while another version is open)',
        params: idParams,
        body: documentBody,
        response: { 201: versionSchema, ...documentErrors },
      },
    },
    async (request, reply) => {
      const version = await createAgreementVersion(dependencies, principalOf(request), request.params.id, request.body);
      sendEtag(reply, version.revision);
      reply.header('location', `/api/v1/agreements/${version.agreementId}/versions/${version.id}`);
      return reply.status(201).send(presentVersion({ version, approvals: [] }));
    },
  );
  app.get(
    '/api/v1/agreements/:id/versions/:versionId',
    {
      schema: {
        tags: ['agreements'],
        summary: 'A version: content, source, hash, lint, status, approvals (ETag: its revision)',
        params: versionParams,
        response: { 200: versionSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const detail = await getAgreementVersion(
        store,
        principalOf(request),
        request.params.id,
        request.params.versionId,
      );
      sendEtag(reply, detail.version.revision);
      return presentVersion(detail);
    },
  );
  app.put(
    '/api/v1/agreements/:id/versions/:versionId',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Replace the document of a draft; send If-Match with the ETag you read',
        params: versionParams,
        body: documentBody,
        response: { 200: versionSchema, ...documentErrors, 412: errorBody, 428: errorBody },
      },
    },
    async (request, reply) => {
      const target = {
        agreementId: request.params.id,
        versionId: request.params.versionId,
        expectedRevision: ifMatchRevision(request),
      };
      const detail = await editAgreementVersion(dependencies, principalOf(request), target, request.body);
      sendEtag(reply, detail.version.revision);
      return presentVersion(detail);
    },
  );
  app.get(
    '/api/v1/agreements/:id/diff',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Field-by-field differences from one version to another',
        params: idParams,
        querystring: z.strictObject({
          from: z.uuid({ error: 'must be a version id (UUID)' }),
          to: z.uuid({ error: 'must be a version id (UUID)' }),
        }),
        response: {
          200: z.object({ from: versionSummarySchema, to: versionSummarySchema, changes: z.array(changeSchema) }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const diff = await diffAgreementVersions(store, principalOf(request), request.params.id, from, to);
      return { from: presentVersionSummary(diff.from), to: presentVersionSummary(diff.to), changes: diff.changes };
    },
  );
  agreementTransitionRoutes(app, dependencies);
}
