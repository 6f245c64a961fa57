/**
 * Agreements in a given state for the isolation cases, made through the use-cases: a draft, in review, approved
 * (by the manager's and the acme representative's signed-in users), active, or active with its term over.
 */
import { type Principal, workspaceScope } from '../../../src/app/access/principal.ts';
import {
  activateAgreementVersion,
  submitAgreementVersion,
} from '../../../src/app/agreements/agreement-version-life-cycle.ts';
import { approveAgreementVersion } from '../../../src/app/agreements/approve-agreement-version.ts';
import { createAgreement, createAgreementVersion } from '../../../src/app/agreements/create-agreement.ts';
import type { ApiFixture, TestUser } from '../../support/api-fixture.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

export type AgreementState = 'draft' | 'in_review' | 'approved' | 'active';

export interface PreparedAgreement {
  readonly agreementId: string;
  readonly versionId: string;
  readonly contentHash: string;
}

/** A small lint-clean agreement (no signatories, so any representative of a party may approve). */
export function agreementDocument(slug: string, customer: string, term = { start: '2026-01-01', end: '2027-12-31' }) {
  return [
    'apiVersion: covenant/v1',
    'kind: Agreement',
    `metadata: { id: ${slug}, title: Agreement ${slug}, customer: ${customer} }`,
    'spec:',
    `  term: { start: ${term.start}, end: ${term.end}, renewal: manual }`,
    '  review: { every: P3M }',
    '  services: [{ id: erp, scope: [incident resolution for the ERP system] }]',
    '  calendars: { always: 24x7 }',
    '  priorities: { levels: [P1] }',
    '  targets:',
    '    - { id: p1-response, metric: first_response, priorities: [P1], within: PT30M, calendar: always, goal: 95% }',
    '    - { id: p1-resolution, metric: resolution, priorities: [P1], within: PT4H, calendar: always, goal: 90% }',
    '',
  ].join('\n');
}

export function principalOfUser({ user }: TestUser): Principal {
  return {
    workspaceId: user.workspaceId,
    role: user.role,
    customerId: user.customerId,
    userId: user.id,
    tokenId: null,
    label: user.email,
  };
}

/** A fresh agreement of acme (or another customer of alpha, or initech in beta) whose version 1 is in `state`. */
export async function agreementIn(
  api: ApiFixture,
  state: AgreementState,
  options: { customer?: 'acme' | 'globex' | 'initech'; term?: { start: string; end: string } } = {},
): Promise<PreparedAgreement> {
  const customer = options.customer ?? 'acme';
  const system = customer === 'initech' ? betaSystem(api) : alphaSystem(api);
  const slug = unique('agreement');
  const { agreement, version } = await createAgreement(api.dependencies, system, {
    format: 'yaml',
    document: agreementDocument(slug, customer, options.term),
  });
  const prepared = { agreementId: agreement.id, versionId: version.id, contentHash: version.contentHash };
  await advance(api, system, prepared, state, customer);
  return prepared;
}

/** An agreement with an active version 1 and version 2 in review (both visible to acme's representative). */
export async function amendedAgreement(api: ApiFixture): Promise<PreparedAgreement & { firstVersionId: string }> {
  const first = await agreementIn(api, 'active');
  const agreement = await api.store.read.agreements.get(workspaceScope(api.world.alpha.workspaceId), first.agreementId);
  const document = agreementDocument(agreement!.slug, 'acme').replace('goal: 90%', 'goal: 92%');
  const second = await createAgreementVersion(api.dependencies, alphaSystem(api), first.agreementId, {
    format: 'yaml',
    document,
  });
  const prepared = { agreementId: first.agreementId, versionId: second.id, contentHash: second.contentHash };
  await advance(api, alphaSystem(api), prepared, 'in_review', 'acme');
  return { ...prepared, firstVersionId: first.versionId };
}

async function advance(
  api: ApiFixture,
  system: Principal,
  prepared: PreparedAgreement,
  state: AgreementState,
  customer: string,
): Promise<void> {
  if (state === 'draft') return;
  const target = { agreementId: prepared.agreementId, versionId: prepared.versionId, expectedRevision: null };
  await submitAgreementVersion(api.dependencies, system, target);
  if (state === 'in_review') return;
  if (customer !== 'acme') throw new Error('approvals are prepared for acme only');
  const hash = { contentHash: prepared.contentHash };
  await approveAgreementVersion(
    api.dependencies,
    principalOfUser(await api.userOf('manager')),
    'provider',
    target,
    hash,
  );
  await approveAgreementVersion(
    api.dependencies,
    principalOfUser(await api.userOf('customer')),
    'customer',
    target,
    hash,
  );
  if (state === 'approved') return;
  await activateAgreementVersion(api.dependencies, system, target);
}
