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

// A copy of ../shared/fixtures/slaclock-scenarios.json, kept in the repo so a user's clone runs it too.
const scenarios: Scenario[] = JSON.parse(
  readFileSync(new URL('../../fixtures/slaclock-scenarios.json', import.meta.url), 'utf8'),
).scenarios;
const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));

describe('SLA clock conformance scenarios', () => {
  it('holds the whole sample', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(26);
  });

  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.description}`, () => {
      const evaluation = evaluateTicketClocks(policyOf(scenario), eventsOf(scenario), parseInstant(scenario.now), {
        exclusions: exclusionsOf(scenario),
      });
      const expected = scenario.twinOf ? byId.get(scenario.twinOf)!.expected : scenario.expected;
      expect(asScenarioCycles(evaluation, Object.keys(expected))).toEqual(normaliseExpected(expected));
    });
  }
});
