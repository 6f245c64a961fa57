import { describe, expect, it } from 'vitest';
import { metricName, metricNameInSentence, metricNames } from '../../../src/core/agreement/index.ts';
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

  it('lower-cases a name inside a sentence, but not an acronym', () => {
    expect(metricNameInSentence('first_response')).toBe('first response');
    expect(metricNameInSentence('mean_resolution_time')).toBe('mean resolution time');
    expect(metricNameInSentence('otif')).toBe('OTIF');
    expect(metricNameInSentence('kpi')).toBe('KPI');
  });
});
