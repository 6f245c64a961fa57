import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createCustomer, updateCustomer } from '../../src/app/customers/manage-customers.ts';
import { composeHeadless } from '../../src/main/composition.ts';
import { openEmbedded } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { testConfig } from '../support/api-fixture.ts';
import { runCli } from '../support/run-cli.ts';

async function withDatabase(
  directory: string,
  work: (execute: (query: ReturnType<typeof sql>) => Promise<unknown>) => Promise<unknown>,
) {
  const handle = await openEmbedded(directory);
  try {
    await work((query) => handle.db.execute(query));
  } finally {
    await handle.close();
  }
}

describe('covenant audit verify', () => {
  it('verifies the hash chain, then finds a changed and a removed entry', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-audit-'));
    const handle = await openEmbedded(directory);
    await migrate(handle.db);
    const clock = { now: () => Date.parse('2026-10-05T08:00:00Z') };
    const dependencies = composeHeadless(testConfig, handle, 'test', clock);
    const { store } = dependencies;
    const workspace = await store.read.workspaces.create({ slug: 'acme-services', name: 'ACME services' });
    const principal = systemPrincipal(workspace.id, 'test');
    const customer = await createCustomer(dependencies, principal, { slug: 'globex', name: 'Globex' });
    await updateCustomer(dependencies, principal, customer.id, { name: 'Globex Corporation' });
    await createCustomer(dependencies, principal, { slug: 'initech', name: 'Initech' });
    await handle.close();

    const environment = { COVENANT_DATA_DIR: directory };
    const clean = await runCli(['audit', 'verify', '--json'], { env: environment });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).workspaces).toEqual([
      { workspace: 'acme-services', valid: true, checked: 3, firstBroken: null, head: expect.any(String) },
    ]);

    // Someone with database access rewrites history: the after-state of entry 2.
    await withDatabase(directory, (execute) =>
      execute(sql`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Globex Ltd"') WHERE sequence = 2`),
    );
    const changed = await runCli(['audit', 'verify'], { env: environment });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('BROKEN at entry 2: its content does not match its hash');

    await withDatabase(directory, (execute) => execute(sql`DELETE FROM audit_log WHERE sequence = 2`));
    const removed = await runCli(['audit', 'verify'], { env: environment });
    expect(removed.stdout).toContain('BROKEN at entry 3');
  });

  it('finds the newest entries deleted: the chain stops short of the workspace head (issue 19, finding 6)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-audit-head-'));
    const handle = await openEmbedded(directory);
    await migrate(handle.db);
    const dependencies = composeHeadless(testConfig, handle, 'test', { now: () => Date.parse('2026-10-05T08:00:00Z') });
    const workspace = await dependencies.store.read.workspaces.create({ slug: 'tidy', name: 'Tidy services' });
    const principal = systemPrincipal(workspace.id, 'test');
    for (const slug of ['one', 'two', 'three', 'four']) {
      await createCustomer(dependencies, principal, { slug, name: slug });
    }
    await handle.db.execute(sql`DELETE FROM audit_log WHERE sequence >= 3`);
    await handle.close();

    const result = await runCli(['audit', 'verify'], { env: { COVENANT_DATA_DIR: directory } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "tidy: BROKEN at entry 3: entries 3 to 4 are missing: the chain ends at entry 2 but the workspace's head is entry 4",
    );
  });
});
