import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateTicketClocks } from '../../../src/core/clocks/index.ts';
import { parseInstant } from '../../../src/core/time/index.ts';
import {
  asScenarioCycles,
  eventsOf,
  exclusionsOf,
  normaliseExpected,
  policyOf,
  type Scenario,
} from './scenario-support.ts';

// Hand-worked scenarios in the format of the conformance sample, for what counts as a response
// (docs/semantics.md#what-counts-as-a-response): calls, status changes, and the targets that admit them or not.
const scenarios: Scenario[] = JSON.parse(
  readFileSync(new URL('../../fixtures/response-scenarios.json', import.meta.url), 'utf8'),
).scenarios;

describe('what counts as a response: clock scenarios', () => {
  it('holds every scenario', () => {
    expect(scenarios.map((scenario) => scenario.id)).toEqual([
      'resp-call-admitted-or-not',
      'resp-status-change-admitted',
      'resp-call-during-pause',
      'resp-call-after-resolution',
      'resp-priority-raised-rejudges-with-calls',
      'resp-call-opens-ticket',
    ]);
  });

  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.description}`, () => {
      const evaluation = evaluateTicketClocks(policyOf(scenario), eventsOf(scenario), parseInstant(scenario.now), {
        exclusions: exclusionsOf(scenario),
      });
      expect(asScenarioCycles(evaluation, Object.keys(scenario.expected))).toEqual(
        normaliseExpected(scenario.expected),
      );
      // Every target the scenario lists applies to the ticket: an empty list means a clock without cycles.
      for (const id of Object.keys(scenario.expected)) {
        expect(evaluation.clocks.map((clock) => clock.targetId)).toContain(id);
      }
    });
  }
});
