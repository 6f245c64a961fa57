/** The import mapping's JSON Schema (docs/import-mapping.schema.json), generated from the zod schema so both agree. */
import { z } from 'zod';
import { importMappingSchema } from './mapping-schema.ts';

export function importMappingJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(importMappingSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return {
    $schema,
    $comment:
      'Generated from src/core/import-mapping (test/core/import-mapping/json-schema.test.ts rewrites it with UPDATE_SCHEMA=1); do not edit by hand.',
    title: 'Covenant import mapping',
    ...rest,
  };
}

/** The schema as the committed file's text: two-space indentation and a final newline. */
export function importMappingJsonSchemaText(): string {
  return `${JSON.stringify(importMappingJsonSchema(), null, 2)}\n`;
}
