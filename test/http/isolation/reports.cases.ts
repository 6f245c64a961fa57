/**
 * Isolation cases of compliance reports: an agreement of acme seeded active, its report (JSON, CSV and PDF share the
 * route) read by everyone with reports.read, and the portfolio, which must never show another customer's or another
 * workspace's agreements.
 */
import type { ApiFixture } from '../../support/api-fixture.ts';
import { seedAcmeErpAgreement } from '../../support/seed-agreement.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { foreignCustomerIds, unique } from './isolation-support.ts';

const agreements = new WeakMap<ApiFixture, Promise<string>>();

function acmeAgreement(api: ApiFixture): Promise<string> {
  let agreement = agreements.get(api);
  if (!agreement) {
    agreement = seedAcmeErpAgreement(api, { slug: unique('reports') }).then((seeded) => seeded.agreementId);
    agreements.set(api, agreement);
  }
  return agreement;
}

export const reportCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/agreements/:id/report',
    permission: 'reports.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/agreements/${await acmeAgreement(api)}/report` }),
  },
  {
    route: 'GET /api/v1/reports/portfolio',
    permission: 'reports.read',
    target: 'own',
    prepare: async (api) => {
      await acmeAgreement(api);
      return { method: 'GET', url: '/api/v1/reports/portfolio?groupBy=customer' };
    },
    forbiddenIds: foreignCustomerIds,
  },
];
