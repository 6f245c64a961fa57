import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importMappingJsonSchemaText } from '../../../src/core/import-mapping/index.ts';

const schemaFile = fileURLToPath(new URL('../../../docs/import-mapping.schema.json', import.meta.url));

describe('docs/import-mapping.schema.json', () => {
  it('is the JSON Schema of the zod schema (UPDATE_SCHEMA=1 rewrites it)', () => {
    const expected = importMappingJsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(schemaFile, expected);
    expect(readFileSync(schemaFile, 'utf8')).toBe(expected);
  });
});
