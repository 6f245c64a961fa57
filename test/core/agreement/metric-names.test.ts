import { describe, expect, it } from 'vitest';
import { metricName, metricNames } from '../../../src/core/agreement/index.ts';
import { metricNameCases } from '../../fixtures/metric-name-cases.ts';

describe('metricName', () => {
  it.each(metricNameCases)('calls %s "%s"', (metric, name) => {
    expect(metricName(metric)).toBe(name);
  });

  it('names every metric the schema knows', () => {
    expect(Object.keys(metricNames).sort()).toEqual(
      metricNameCases
        .map(([metric]) => metric)
        .filter((metric) => metric in metricNames)
        .sort(),
    );
    expect(Object.keys(metricNames)).toHaveLength(8);
  });
});
