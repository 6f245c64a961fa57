/** Reads an agreement document (YAML or JSON) from a file and validates it, for CLI commands. */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type Agreement, type AgreementFormat, parseAgreement } from '../core/agreement/index.ts';
import { CliError } from './cli-io.ts';

export function loadAgreementFile(
  path: string,
  cwd: string,
): { agreement: Agreement; path: string; text: string; format: AgreementFormat } {
  const fullPath = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    throw new CliError('FILE_NOT_READABLE', `cannot read agreement file ${fullPath}: ${(error as Error).message}`);
  }
  const format = extname(fullPath).toLowerCase() === '.json' ? 'json' : 'yaml';
  return { agreement: parseAgreement(text, format), path: fullPath, text, format };
}
