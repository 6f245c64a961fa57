import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultIncidentLog,
  loadDemoPlan,
  readDemoSources,
  UCI_TIME_ZONE,
} from '../../../src/importers/demo/read-demo-sources.ts';

describe('the demo sources', () => {
  it.skipIf(!existsSync(defaultIncidentLog))(
    'reads the UCI sample with Covenant labels and inferred first responses',
    async () => {
      const { agreements, incidents } = await readDemoSources();
      expect(agreements.map((agreement) => agreement.fileName)).toEqual(['erp-support.yaml', 'hosting-24x7.yaml']);
      expect(agreements[0]!.text).toContain('customer: stalmet');
      expect(incidents).not.toBeNull();
      expect(incidents!.timeZone).toBe(UCI_TIME_ZONE);
      expect(incidents!.incidents).toHaveLength(1000);
      const first = incidents!.incidents[0]!;
      expect(first.number).toBe('INC0000045');
      expect(first.events[0]).toMatchObject({ type: 'opened', priority: 'P3', impact: 'medium', urgency: 'medium' });
      expect(first.final).toEqual({ category: 'Category 55', subcategory: 'Subcategory 170', contactType: 'Phone' });
      expect(
        incidents!.incidents.some((incident) => incident.events.some((event) => event.type === 'agent_reply')),
      ).toBe(true);
    },
  );

  it('gives no incidents when the data folder is absent, and the plan generates them', async () => {
    const options = { incidentLog: '/nonexistent/shared/data/uci-incident-event-log/sample_first_1000_incidents.csv' };
    expect((await readDemoSources(options)).incidents).toBeNull();
    const plan = await loadDemoPlan(Date.parse('2026-11-23T10:30:00Z'), { ...options, plan: { ticketCount: 40 } });
    expect(plan.source.kind).toBe('generated');
    expect(plan.tickets).toHaveLength(40);
  });

  it('reads other agreement files when asked', async () => {
    const { agreements } = await readDemoSources({
      agreementFiles: ['logistics-otif.yaml'],
      incidentLog: '/nonexistent',
    });
    expect(agreements).toEqual([{ fileName: 'logistics-otif.yaml', text: expect.stringContaining('freshmart') }]);
  });
});
