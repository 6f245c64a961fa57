/**
 * The published JSON Schema of an agreement document, generated from the zod schema in its input form (what authors
 * write: `95%`, `PT4H`), for editors and CI. `npm run schema` writes it to schemas/agreement.schema.json; a test
 * fails when the committed file is stale. Draft-07, the dialect YAML editors support most widely.
 */
import { z } from 'zod';
import { agreementSchema } from './agreement-schema.ts';

/** The JSON Schema of `covenant/v1` agreements. */
export function agreementJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(agreementSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return {
    $schema,
    $comment: 'Generated from src/core/agreement by `npm run schema`; do not edit by hand.',
    ...rest,
  };
}

/** The schema as the committed file's text: two-space indentation and a final newline. */
export function agreementJsonSchemaText(): string {
  return `${JSON.stringify(agreementJsonSchema(), null, 2)}\n`;
}
