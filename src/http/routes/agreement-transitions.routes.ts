/**
 * The life of an agreement version through the core state machine: submit for review, approve or reject for each
 * party, activate, terminate, expire. Approvals carry the content hash the approver saw and need a signed-in person;
 * If-Match is honoured when sent. Registered by agreements.routes.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  activateAgreementVersion,
  expireAgreementVersion,
  submitAgreementVersion,
  terminateAgreementVersion,
} from '../../app/agreements/agreement-version-life-cycle.ts';
import { approveAgreementVersion, rejectAgreementVersion } from '../../app/agreements/approve-agreement-version.ts';
import type { AgreementVersionDetail } from '../../app/agreements/read-agreements.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  activatedVersionSchema,
  presentActivatedVersion,
  presentVersion,
  versionParams,
  versionSchema,
} from './agreements.presenters.ts';
import { ifMatchRevision, sendEtag } from './revision-header.ts';
import { errorBody, standardErrors, textInput } from './route-schemas.ts';

const transitionErrors = { ...standardErrors, 409: errorBody, 412: errorBody, 422: errorBody };
const noBody = z.strictObject({}).nullish();
const reasonBody = z.strictObject({ reason: textInput.trim().min(1).max(2000).describe('Why, for the record.') });
const approvalBody = z.strictObject({
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'must be the SHA-256 content hash of the version (64 hex digits)' })
    .describe('The contentHash of the version as the approver saw it.'),
});

function targetOf(request: FastifyRequest<{ Params: { id: string; versionId: string } }>) {
  return {
    agreementId: request.params.id,
    versionId: request.params.versionId,
    expectedRevision: ifMatchRevision(request),
  };
}

function presentWithEtag(reply: FastifyReply, detail: AgreementVersionDetail) {
  sendEtag(reply, detail.version.revision);
  return presentVersion(detail);
}

export function agreementTransitionRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const path = '/api/v1/agreements/:id/versions/:versionId';
  app.post(
    `${path}/submit`,
    {
      schema: {
        tags: ['agreements'],
        summary: 'Send a draft for approval (lint errors block it: 422 LINT_ERRORS_BLOCK_SUBMISSION)',
        params: versionParams,
        body: noBody,
        response: { 200: versionSchema, ...transitionErrors },
      },
    },
    async (request, reply) =>
      presentWithEtag(reply, await submitAgreementVersion(dependencies, principalOf(request), targetOf(request))),
  );
  for (const party of ['provider', 'customer'] as const) {
    app.post(
      `${path}/approvals/${party}`,
      {
        schema: {
          tags: ['agreements'],
          summary: `Approve a version in review for the ${party} (a signed-in person; a named signatory when there are any)`,
          params: versionParams,
          body: approvalBody,
          response: { 201: versionSchema, ...transitionErrors },
        },
      },
      async (request, reply) => {
        const target = { agreementId: request.params.id, versionId: request.params.versionId };
        const detail = await approveAgreementVersion(dependencies, principalOf(request), party, target, request.body);
        return reply.status(201).send(presentWithEtag(reply, detail));
      },
    );
    app.post(
      `${path}/rejections/${party}`,
      {
        schema: {
          tags: ['agreements'],
          summary: `Reject a version in review for the ${party}: back to draft, approvals dropped`,
          params: versionParams,
          body: reasonBody,
          response: { 200: versionSchema, ...transitionErrors },
        },
      },
      async (request, reply) => {
        const target = { agreementId: request.params.id, versionId: request.params.versionId };
        return presentWithEtag(
          reply,
          await rejectAgreementVersion(dependencies, principalOf(request), party, target, request.body),
        );
      },
    );
  }
  app.post(
    `${path}/activate`,
    {
      schema: {
        tags: ['agreements'],
        summary: 'Put an approved version in force (from its effective date); the active one is superseded',
        params: versionParams,
        body: noBody,
        response: { 200: activatedVersionSchema, ...transitionErrors },
      },
    },
    async (request, reply) => {
      const detail = await activateAgreementVersion(dependencies, principalOf(request), targetOf(request));
      sendEtag(reply, detail.version.revision);
      return presentActivatedVersion(detail);
    },
  );
  app.post(
    `${path}/terminate`,
    {
      schema: {
        tags: ['agreements'],
        summary: 'End the active version early, with the reason',
        params: versionParams,
        body: reasonBody,
        response: { 200: versionSchema, ...transitionErrors },
      },
    },
    async (request, reply) =>
      presentWithEtag(
        reply,
        await terminateAgreementVersion(dependencies, principalOf(request), targetOf(request), request.body),
      ),
  );
  app.post(
    `${path}/expire`,
    {
      schema: {
        tags: ['agreements'],
        summary: 'Record that the active version reached the end of its term',
        params: versionParams,
        body: noBody,
        response: { 200: versionSchema, ...transitionErrors },
      },
    },
    async (request, reply) =>
      presentWithEtag(reply, await expireAgreementVersion(dependencies, principalOf(request), targetOf(request))),
  );
}
