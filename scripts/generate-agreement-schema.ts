/**
 * Writes schemas/agreement.schema.json from the zod schema of src/core/agreement (`npm run schema`). The file is
 * committed so editors and CI can use it without running code; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { agreementJsonSchemaText } from '../src/core/agreement/index.ts';

const target = fileURLToPath(new URL('../schemas/agreement.schema.json', import.meta.url));
writeFileSync(target, agreementJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
