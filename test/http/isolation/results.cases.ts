/** Isolation cases of period results: acme's agreement, seeded active, read by everyone with results.read. */
import type { ApiFixture } from '../../support/api-fixture.ts';
import { seedAcmeErpAgreement } from '../../support/seed-agreement.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { unique } from './isolation-support.ts';

const agreements = new WeakMap<ApiFixture, Promise<string>>();

/** One active agreement of acme per fixture. */
function acmeAgreement(api: ApiFixture): Promise<string> {
  let agreement = agreements.get(api);
  if (!agreement) {
    agreement = seedAcmeErpAgreement(api, { slug: unique('results') }).then((seeded) => seeded.agreementId);
    agreements.set(api, agreement);
  }
  return agreement;
}

export const resultCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/agreements/:id/results',
    permission: 'results.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/agreements/${await acmeAgreement(api)}/results` }),
  },
];
