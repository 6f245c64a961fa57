import { describe, expect, it } from 'vitest';
import { metricName } from '../../../src/core/agreement/metric-names.ts';

describe('metricName', () => {
  it.each([
    ['first_response', 'First response'],
    ['next_response', 'Next response'],
    ['resolution', 'Resolution'],
    ['periodic_update', 'Periodic update'],
    ['availability', 'Availability'],
    ['otif', 'OTIF'],
    ['mean_resolution_time', 'Mean resolution time'],
    ['kpi', 'KPI'],
  ])('calls %s "%s"', (metric, name) => {
    expect(metricName(metric)).toBe(name);
  });

  it('shows an id it does not know as it is written', () => {
    expect(metricName('first_contact')).toBe('first_contact');
  });
});
