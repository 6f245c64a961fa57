/** Every isolation case, one module per area (add yours when you add an endpoint). */

import { agreementCases } from './isolation/agreements.cases.ts';
import { calendarCases } from './isolation/calendars.cases.ts';
import { customerCases } from './isolation/customers.cases.ts';
import type { EndpointCase } from './isolation/endpoint-case.ts';
import { factCases } from './isolation/facts.cases.ts';
import { identityCases } from './isolation/identity.cases.ts';
import { mailCases } from './isolation/mail.cases.ts';
import { monitoringCases } from './isolation/monitoring.cases.ts';
import { reportCases } from './isolation/reports.cases.ts';
import { resultCases } from './isolation/results.cases.ts';
import { serviceCases } from './isolation/services.cases.ts';
import { ticketCases } from './isolation/tickets.cases.ts';

export const endpointCases: EndpointCase[] = [
  ...identityCases,
  ...customerCases,
  ...factCases,
  ...ticketCases,
  // Before the agreement cases: the mail it opens for acme must find one agreement at most.
  ...mailCases,
  // Last: they leave agreements in force for acme, and the ticket cases expect acme to have exactly one.
  ...agreementCases,
  ...calendarCases,
  ...serviceCases,
  // After the ticket cases: it puts another agreement in force for acme.
  ...resultCases,
  // After the ticket cases: it puts more agreements in force for acme (its tickets name theirs).
  ...monitoringCases,
  // After the ticket cases: it puts another agreement in force for acme.
  ...reportCases,
];
