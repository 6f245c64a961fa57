/**
 * Seeds an agreement with an active version straight into the tables, for tests of other areas (tickets, results)
 * that need an agreement in force without going through the approval flow.
 */
import { readFileSync } from 'node:fs';
import { agreementContentHash, lintAgreement, parseAgreement } from '../../src/core/agreement/index.ts';
import type { DatabaseHandle } from '../../src/store/database.ts';
import { agreements, agreementVersions } from '../../src/store/schema.ts';
import type { ApiFixture } from './api-fixture.ts';

export async function seedActiveAgreement(
  handle: DatabaseHandle,
  options: {
    workspaceId: string;
    customerId: string;
    /** A file name under examples/agreements (without .yaml), or `file` instead. */
    example: string;
    file?: URL;
    activatedAt: number;
    slug?: string;
  },
): Promise<{ agreementId: string; versionId: string }> {
  const text = readFileSync(
    options.file ?? new URL(`../../examples/agreements/${options.example}.yaml`, import.meta.url),
    'utf8',
  );
  const agreement = parseAgreement(text);
  const [row] = await handle.db
    .insert(agreements)
    .values({
      workspaceId: options.workspaceId,
      customerId: options.customerId,
      slug: options.slug ?? agreement.metadata.id,
      title: agreement.metadata.title,
    })
    .returning();
  const [version] = await handle.db
    .insert(agreementVersions)
    .values({
      workspaceId: options.workspaceId,
      customerId: options.customerId,
      agreementId: row!.id,
      number: 1,
      status: 'active',
      content: agreement,
      sourceText: text,
      sourceFormat: 'yaml',
      contentHash: agreementContentHash(agreement),
      lint: lintAgreement(agreement),
      effectiveFrom: new Date(options.activatedAt),
      activatedAt: new Date(options.activatedAt),
    })
    .returning();
  return { agreementId: row!.id, versionId: version!.id };
}

/** The API fixture's usual agreement: acme (workspace alpha) under the ERP support example, in force since 2026. */
export function seedAcmeErpAgreement(
  api: Pick<ApiFixture, 'handle' | 'world'>,
  options: { slug?: string } = {},
): Promise<{ agreementId: string; versionId: string }> {
  return seedActiveAgreement(api.handle, {
    workspaceId: api.world.alpha.workspaceId,
    customerId: api.world.alpha.acme,
    example: 'erp-support',
    activatedAt: Date.parse('2026-01-01T00:00:00Z'),
    ...options,
  });
}
