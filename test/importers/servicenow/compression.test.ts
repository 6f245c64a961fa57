import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readServiceNowIncidents, ServiceNowImportError } from '../../../src/importers/servicenow/index.ts';
import { csv, importChunks, updates } from './servicenow-csv.ts';

const text = csv(
  ...updates({}, { incident_state: 'Active', sys_updated_at: '1/3/2016 10:00', assigned_to: 'Resolver 1' }),
  ...updates({ number: 'INC0000002', incident_state: 'Resolved' }),
);
const plain = Buffer.from(text);
const gzipped = gzipSync(plain);

describe('ServiceNow import input', () => {
  it('detects gzip by its magic bytes and gives the same incidents as the plain CSV', async () => {
    const fromPlain = await importChunks([plain]);
    const fromGzip = await importChunks([gzipped]);
    expect(fromPlain.incidents).toHaveLength(2);
    expect(fromGzip.incidents).toEqual(fromPlain.incidents);
    expect(fromGzip.stats).toMatchObject({ rows: 3, incidents: 2, bytes: gzipped.length });
    expect(fromPlain.stats.bytes).toBe(plain.length);
  });

  it('works whatever the chunking, down to one byte at a time', async () => {
    const expected = (await importChunks([plain])).incidents;
    const bytes = (buffer: Buffer) => [...buffer].map((byte) => Uint8Array.of(byte));
    expect((await importChunks(bytes(plain))).incidents).toEqual(expected);
    expect((await importChunks(bytes(gzipped))).incidents).toEqual(expected);
  });

  it('honours a forced compression and drops a UTF-8 byte-order mark', async () => {
    const expected = (await importChunks([plain])).incidents;
    expect((await importChunks([gzipped], { compression: 'gzip' })).incidents).toEqual(expected);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect((await importChunks([withBom], { compression: 'none' })).incidents).toEqual(expected);
  });

  it('fails with ServiceNowImportError on a truncated or corrupt gzip stream', async () => {
    await expect(importChunks([gzipped.subarray(0, gzipped.length - 12)])).rejects.toThrow(ServiceNowImportError);
    await expect(importChunks([plain], { compression: 'gzip' })).rejects.toThrow(/cannot read the export/);
  });
});

describe('ServiceNow import consumer', () => {
  it('stops reading and releases the input when the consumer stops early', async () => {
    let released = false;
    let chunksRead = 0;
    async function* source() {
      try {
        for (const line of text.split(/(?<=\n)/)) {
          chunksRead++;
          yield line;
        }
      } finally {
        released = true;
      }
    }
    const stream = readServiceNowIncidents(source(), { timeZone: 'UTC' });
    for await (const incident of stream) {
      expect(incident.number).toBe('INC0000001');
      break;
    }
    expect(released).toBe(true);
    expect(chunksRead).toBeLessThan(text.split('\n').length);
  });
});
