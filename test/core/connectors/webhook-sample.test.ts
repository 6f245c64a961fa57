import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectorVendors } from '../../../src/core/connectors/connector-types.ts';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { repoRoot } from '../../support/run-cli.ts';
import { samplePayload, webhookSampleCases } from '../../support/webhook-sample.ts';

const cases = webhookSampleCases();

describe('the real webhook payloads of test/fixtures/webhook-sample', () => {
  it('has the twelve payloads of the manifest, byte for byte (signatures are computed over the exact bytes)', () => {
    expect(cases).toHaveLength(12);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/webhook-sample/manifest.json'), 'utf8'));
    for (const [index, sample] of cases.entries()) {
      const digest = createHash('sha256')
        .update(readFileSync(join(repoRoot, sample.file)))
        .digest('hex');
      expect(digest, sample.id).toBe(manifest[index].sha256);
    }
  });

  it.each(cases.map((sample) => [sample.id, sample] as const))('%s becomes what the manifest says', (_id, sample) => {
    expect(normaliseWebhook(sample.vendor, samplePayload(sample), sample.eventName)).toEqual(sample.expected);
  });

  it('recognises GitHub deliveries by their shape when the X-GitHub-Event header is not given', () => {
    for (const sample of cases.filter(({ vendor }) => vendor === 'github')) {
      expect(normaliseWebhook('github', samplePayload(sample)), sample.id).toEqual(sample.expected);
    }
  });

  it('reads GitLab and Jira payloads without the event name too: their bodies name the event', () => {
    for (const sample of cases.filter(({ vendor }) => vendor === 'gitlab' || vendor === 'jira')) {
      expect(normaliseWebhook(sample.vendor, samplePayload(sample)), sample.id).toEqual(sample.expected);
    }
  });

  it("refuses each payload as another vendor's, with that vendor's code, and never throws", () => {
    for (const sample of cases) {
      for (const vendor of connectorVendors) {
        if (vendor === sample.vendor) continue;
        const result = normaliseWebhook(vendor, samplePayload(sample));
        expect(result, `${sample.id} as ${vendor}`).toHaveProperty('error.code');
      }
    }
  });
});
