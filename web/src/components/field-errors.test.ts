import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { fieldErrorsOf } from './field-errors.ts';

describe("the server's refusal, field by field", () => {
  it('puts validation issues at their field and item, in the server words with the code', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'body.emailDomains.1: is a public mail provider', {
      issues: [
        { path: 'body.emailDomains.1', message: 'is a public mail provider', code: 'custom' },
        { path: 'body.timezone', message: 'must be an IANA time zone such as Europe/Warsaw', code: 'custom' },
      ],
    });
    expect(fieldErrorsOf(error, ['name', 'emailDomains', 'timezone'])).toEqual({
      byField: {
        'emailDomains.1': 'Is a public mail provider (VALIDATION_FAILED)',
        emailDomains: 'Is a public mail provider (VALIDATION_FAILED)',
        timezone: 'Must be an IANA time zone such as Europe/Warsaw (VALIDATION_FAILED)',
      },
      other: null,
    });
  });

  it('puts a conflict at the field it names', () => {
    const error = new ApiError(409, 'EMAIL_DOMAIN_TAKEN', 'acme.example is already an e-mail domain of customer ACME', {
      field: 'emailDomains',
      domain: 'acme.example',
    });
    expect(fieldErrorsOf(error, ['emailDomains']).byField).toEqual({
      emailDomains: 'acme.example is already an e-mail domain of customer ACME (EMAIL_DOMAIN_TAKEN)',
    });
  });

  it('leaves what no field shows to the form, and nothing at all when there is no error', () => {
    const error = new ApiError(403, 'FORBIDDEN', 'not allowed');
    expect(fieldErrorsOf(error, ['name'])).toEqual({ byField: {}, other: error });
    const unknownField = new ApiError(400, 'VALIDATION_FAILED', 'x', {
      issues: [{ path: 'body.colour', message: 'no' }],
    });
    expect(fieldErrorsOf(unknownField, ['name']).other).toBe(unknownField);
    expect(fieldErrorsOf(null, ['name'])).toEqual({ byField: {}, other: null });
  });
});
