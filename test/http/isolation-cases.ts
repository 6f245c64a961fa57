/** Every isolation case, one module per area (add yours when you add an endpoint). */

import { customerCases } from './isolation/customers.cases.ts';
import type { EndpointCase } from './isolation/endpoint-case.ts';
import { identityCases } from './isolation/identity.cases.ts';

export const endpointCases: EndpointCase[] = [...identityCases, ...customerCases];
