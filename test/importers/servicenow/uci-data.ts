/**
 * Where the UCI incident event log lives (../shared/data, next to the repository, never copied into it) and how the
 * data tests name themselves when it is absent, so a clone without it skips them visibly instead of failing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** /work/shared/data/uci-incident-event-log/ seen from test/importers/servicenow/. */
export const uciDataDirectory = new URL('../../../../shared/data/uci-incident-event-log/', import.meta.url);

/** The path of one file of the dataset, and whether it is there. */
export function uciFile(name: string): { readonly path: string; readonly present: boolean } {
  const path = fileURLToPath(new URL(name, uciDataDirectory));
  return { path, present: existsSync(path) };
}

/** The suite title, saying why it is skipped when the file is absent. */
export function uciSuiteTitle(title: string, present: boolean): string {
  return present ? title : `${title} (skipped: ../shared/data not present)`;
}
