import { describe, expect, it } from 'vitest';
import { respondedByText } from './responded-by-text.ts';

const target = (respondedBy?: (string | { status: string })[]) => ({
  id: 'p1-response',
  metric: 'first_response',
  ...(respondedBy ? { respondedBy } : {}),
});

describe('respondedByText', () => {
  it('says nothing for the default (public replies) or an unknown target', () => {
    expect(respondedByText(target())).toBeNull();
    expect(respondedByText(undefined)).toBeNull();
  });

  it('names what the agreement admits, in its order', () => {
    expect(respondedByText(target(['call']))).toBe('answered by a logged call');
    expect(respondedByText(target(['public_reply', 'call', { status: 'in_progress' }]))).toBe(
      'answered by a public reply, a logged call or a change to in_progress',
    );
  });
});
