/** A small agreement that parses and lints clean, and helpers to break it one field at a time. */

import { type Agreement, validateAgreement } from '../../../src/core/agreement/index.ts';
import { DomainError } from '../../../src/core/errors.ts';

type Json = Record<string, unknown>;

/** A fresh copy of a minimal, lint-clean agreement document (input form). */
export function minimalDocument(): Json {
  return {
    apiVersion: 'covenant/v1',
    kind: 'Agreement',
    metadata: { id: 'acme-support', title: 'ACME support', customer: 'acme' },
    spec: {
      term: { start: '2026-01-01', end: '2026-12-31', renewal: 'manual' },
      review: { every: 'P3M' },
      services: [{ id: 'erp', scope: ['incident resolution for the ERP system'] }],
      calendars: {
        business: {
          timezone: 'Europe/Warsaw',
          weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
        },
        always: '24x7',
      },
      priorities: { levels: ['P1', 'P2'] },
      targets: [
        {
          id: 'p1-response',
          metric: 'first_response',
          priorities: ['P1'],
          within: 'PT30M',
          calendar: 'always',
          goal: '95%',
        },
        {
          id: 'p1-resolution',
          metric: 'resolution',
          priorities: ['P1'],
          within: 'PT4H',
          calendar: 'always',
          goal: '90%',
          pauseOn: ['awaiting_customer'],
        },
        {
          id: 'p2-response',
          metric: 'first_response',
          priorities: ['P2'],
          within: 'PT2H',
          calendar: 'business',
          goal: 90,
        },
        {
          id: 'p2-resolution',
          metric: 'resolution',
          priorities: ['P2'],
          within: 'PT16H',
          calendar: 'business',
          goal: 90,
        },
      ],
      credits: {
        monthlyFee: { amount: 1000, currency: 'EUR' },
        rules: [{ target: 'p1-resolution', perBreach: '2%' }],
        monthlyCap: '20%',
      },
      termination: [
        {
          trigger: { target: 'p1-resolution', missedConsecutivePeriods: 3 },
          right: 'The customer may terminate for cause.',
        },
      ],
      signatories: { provider: ['sla@provider.example'], customer: ['cio@acme.example'] },
    },
  };
}

/** The minimal document after `edit` changed a copy of it. */
export function documentWith(edit: (document: Json, spec: Json) => void): Json {
  const document = minimalDocument();
  edit(document, document.spec as Json);
  return document;
}

/** The minimal agreement, parsed, after `edit`. */
export function agreementWith(edit: (document: Json, spec: Json) => void = () => {}): Agreement {
  return validateAgreement(documentWith(edit));
}

/** Shorthand to reach into the document: `at(spec, 'targets', 0)`. */
export function at(value: unknown, ...path: (string | number)[]): Json {
  return path.reduce<unknown>((node, key) => (node as Json)[key as string], value) as Json;
}

export interface IssueSummary {
  path: string;
  code: string;
}

/** The issues (path and code) a failing call reports; fails the test when it does not fail. */
export function issuesOf(run: () => unknown): IssueSummary[] {
  return detailedIssuesOf(run).map(({ path, code }) => ({ path, code }));
}

export function detailedIssuesOf(
  run: () => unknown,
): { path: string; code: string; message: string; line?: number; column?: number }[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.details.issues as { path: string; code: string; message: string }[];
  }
  throw new Error('expected the agreement to be rejected');
}

/** The issues of the minimal document after `edit`. */
export function issuesAfter(edit: (document: Json, spec: Json) => void): IssueSummary[] {
  return issuesOf(() => validateAgreement(documentWith(edit)));
}
