import { describe, expect, it } from 'vitest';
import {
  resolveStatusMapping,
  StatusMappingError,
  servicenowStatusMapping,
} from '../../../src/importers/servicenow/index.ts';

describe('ServiceNow status mapping', () => {
  it('is the documented table (agreements name these status names in pauseOn: changing one is a breaking change)', () => {
    expect(servicenowStatusMapping).toEqual({
      New: { status: 'new', category: 'new' },
      Active: { status: 'active', category: 'open' },
      'In Progress': { status: 'in_progress', category: 'open' },
      'Awaiting User Info': { status: 'awaiting_user_info', category: 'pending' },
      'Awaiting Evidence': { status: 'awaiting_evidence', category: 'pending' },
      'Awaiting Vendor': { status: 'awaiting_vendor', category: 'pending' },
      'Awaiting Problem': { status: 'awaiting_problem', category: 'pending' },
      'On Hold': { status: 'on_hold', category: 'pending' },
      Resolved: { status: 'resolved', category: 'resolved' },
      Closed: { status: 'closed', category: 'closed' },
      Canceled: { status: 'cancelled', category: 'cancelled' },
    });
    expect(Object.isFrozen(servicenowStatusMapping)).toBe(true);
  });

  it('adds and replaces labels from an override, and leaves the default untouched', () => {
    const mapping = resolveStatusMapping({
      'Awaiting User Info': { status: 'awaiting_customer', category: 'pending' },
      'Work in Progress': { status: 'work_in_progress', category: 'open' },
    });
    expect(mapping.get('Awaiting User Info')).toEqual({ status: 'awaiting_customer', category: 'pending' });
    expect(mapping.get('Work in Progress')).toEqual({ status: 'work_in_progress', category: 'open' });
    expect(mapping.get('Resolved')).toEqual({ status: 'resolved', category: 'resolved' });
    expect(servicenowStatusMapping['Awaiting User Info']?.status).toBe('awaiting_user_info');
  });

  it('refuses status names that are not lower_snake_case and unknown categories', () => {
    for (const status of ['Awaiting', 'awaiting customer', 'awaiting-customer', '_x', 'x__y', '']) {
      expect(() => resolveStatusMapping({ X: { status, category: 'pending' } }), status).toThrow(StatusMappingError);
    }
    expect(() => resolveStatusMapping({ X: { status: 'x', category: 'paused' as 'pending' } })).toThrow(
      'category for "X" must be one of new, open, pending, resolved, closed, cancelled, got "paused"',
    );
  });
});
