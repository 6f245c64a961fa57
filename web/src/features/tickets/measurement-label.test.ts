import { describe, expect, it } from 'vitest';
import { unmeasuredLabels, unmeasuredRemedies, whyNotMeasured } from './measurement-label.ts';

describe('why a ticket is not measured', () => {
  it("turns the API's sentence into a reason under a 'not measured' title", () => {
    expect(whyNotMeasured('Not measured: the ticket has no priority (nor an impact and urgency).')).toBe(
      'The ticket has no priority (nor an impact and urgency).',
    );
    expect(whyNotMeasured('no prefix here')).toBe('No prefix here');
  });

  it('has a label and a remedy for every reason the server gives', () => {
    const reasons = [
      'no_agreement',
      'no_version_in_force',
      'no_priority',
      'no_matching_target',
      'customer_unknown',
    ] as const;
    for (const reason of reasons) {
      expect(unmeasuredLabels[reason]).toMatch(/^no /);
      expect(unmeasuredRemedies[reason]).toMatch(/^It is measured once /);
    }
  });
});
