/** Reading the fixture files of test/fixtures/import/ as the mapped import does. */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTabularRows, type TabularItem, type TabularReadOptions } from '../../../src/importers/tabular/index.ts';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));
}

export async function readFixture(name: string, options: TabularReadOptions = {}): Promise<TabularItem[]> {
  const items: TabularItem[] = [];
  for await (const item of readTabularRows(createReadStream(fixturePath(name)), { fileName: name, ...options })) {
    items.push(item);
  }
  return items;
}

/** The event-log mapping of the fixtures (ticket, status, changed_at, priority, title). */
export const fixtureMappingYaml = readFileSync(fixturePath('events-mapping.yaml'), 'utf8');
