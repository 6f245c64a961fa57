/**
 * Agreements for facts tests, written straight into the agreements tables (the agreements API is not under test
 * here): one row and one draft version whose content is the normalised agreement, as the agreement store keeps it.
 */
import { readFileSync } from 'node:fs';
import { parseAgreement } from '../../../src/core/agreement/index.ts';
import { agreements, agreementVersions } from '../../../src/store/schema.ts';
import type { ApiFixture } from '../../support/api-fixture.ts';

const logistics = parseAgreement(readFileSync('examples/agreements/logistics-otif.yaml', 'utf8'), 'yaml');

let counter = 0;

/** An agreement of the customer with the KPI targets `damage-rate` and `inventory-accuracy` (and OTIF targets). */
export async function insertAgreement(api: ApiFixture, workspaceId: string, customerId: string): Promise<string> {
  counter++;
  const [agreement] = await api.handle.db
    .insert(agreements)
    .values({
      workspaceId,
      customerId,
      slug: `logistics-${counter}-${Math.random().toString(36).slice(2, 7)}`,
      title: 'Logistics',
    })
    .returning({ id: agreements.id });
  await api.handle.db.insert(agreementVersions).values({
    workspaceId,
    customerId,
    agreementId: agreement!.id,
    number: 1,
    status: 'draft',
    content: JSON.parse(JSON.stringify(logistics)),
    sourceText: '',
    sourceFormat: 'yaml',
    contentHash: 'test',
    lint: [],
  });
  return agreement!.id;
}

/** Audit actions of an entity, newest first. */
export async function auditActions(api: ApiFixture, entityId: string): Promise<string[]> {
  const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${entityId}&limit=500`);
  return audit.body.data.map((entry: { action: string }) => entry.action);
}

export const hour = 3_600_000;
export const minute = 60_000;
