import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementJsonSchemaText, lintAgreement, parseAgreement } from '../../../src/core/agreement/index.ts';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('example agreements', () => {
  it.each(['erp-support', 'hosting-24x7', 'logistics-otif'])('%s parses and lints clean', (name) => {
    const text = read(`examples/agreements/${name}.yaml`);
    expect(text.startsWith('# yaml-language-server: $schema=../../schemas/agreement.schema.json\n')).toBe(true);
    const agreement = parseAgreement(text);
    expect(lintAgreement(agreement)).toEqual([]);
  });

  it('cover every kind of target between them', () => {
    const metrics = new Set(
      ['erp-support', 'hosting-24x7', 'logistics-otif'].flatMap((name) =>
        parseAgreement(read(`examples/agreements/${name}.yaml`)).spec.targets.map((target) => target.metric),
      ),
    );
    expect([...metrics].sort()).toEqual([
      'availability',
      'first_response',
      'kpi',
      'mean_resolution_time',
      'next_response',
      'otif',
      'periodic_update',
      'resolution',
    ]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema is walked freely in this test
type Schema = Record<string, any>;

describe('the committed JSON Schema', () => {
  it('is what `npm run schema` generates now', () => {
    expect(read('schemas/agreement.schema.json')).toBe(agreementJsonSchemaText());
  });

  it('describes the input form: percents as text or numbers, durations as ISO-8601 text, no unknown fields', () => {
    const schema = JSON.parse(agreementJsonSchemaText());
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(schema.additionalProperties).toBe(false);
    const targets = schema.properties.spec.properties.targets.items.oneOf as Schema[];
    const resolution = targets.find((target) => target.properties.metric.const === 'resolution')!;
    expect(resolution.properties.goal.anyOf.map((option: { type: string }) => option.type)).toEqual([
      'number',
      'string',
    ]);
    expect(resolution.properties.within).toMatchObject({ type: 'string' });
    expect(new RegExp(resolution.properties.within.pattern).test('PT4H')).toBe(true);
    expect(new RegExp(resolution.properties.within.pattern).test('P1M')).toBe(false);
    expect(resolution.additionalProperties).toBe(false);
  });
});
