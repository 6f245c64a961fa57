/** The e-mail fixture manifests (test/fixtures/email-sample and email-more) and how their phrases are compared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run-cli.ts';

export interface ExpectedMessage {
  from_address: string | null;
  subject: string;
  message_id: string | null;
  in_reply_to: string | null;
  is_automatic: boolean;
  text_contains: string[];
  attachment_count: number;
  automatic_reason?: string | null;
  decision?: string;
  from_name?: string;
  ticket_number?: number;
  new_text?: string;
  new_text_contains?: string[];
  new_text_excludes?: string[];
  quoted_text_contains?: string[];
  text_excludes?: string[];
  html_contains?: string[];
  html_excludes?: string[];
  attachment_types?: string[];
  attachment_names?: string[];
  inline_content_ids?: string[];
}

export interface FixtureCase {
  id: string;
  file: string;
  expected: ExpectedMessage;
}

/** The cases of a fixture directory's manifest, with the path of each message. */
export function fixtureCases(directory: string): FixtureCase[] {
  const folder = join(repoRoot, 'test/fixtures', directory);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
    id: string;
    expected: ExpectedMessage;
  }[];
  return manifest.map(({ id, expected }) => ({ id, file: join(folder, `${id}.eml`), expected }));
}

/** White space as a reader sees it: any run of spaces and line breaks is one space. */
export const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();
