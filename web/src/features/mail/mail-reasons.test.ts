import { describe, expect, it } from 'vitest';
import { reasonText } from './mail-reasons.ts';

describe("the intake's reasons in words", () => {
  it('words the known codes and keeps an unknown one readable', () => {
    expect(reasonText('customer_unknown')).toBe('no contact or customer e-mail domain matches the sender');
    expect(reasonText('auto_reply_header')).toBe('auto-reply header (out of office)');
    expect(reasonText('some_new_reason')).toBe('some new reason');
    expect(reasonText(null)).toBeNull();
  });
});
