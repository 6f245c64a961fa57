/**
 * The starting document of a new agreement: complete enough to pass lint (response and resolution targets per
 * priority, calendars with working time, capped credits, named signatories), so a manager edits rather than types.
 */
export function agreementTemplate(options: {
  customerSlug: string;
  customerName: string;
  providerSignatory: string;
  timezone: string;
}): string {
  const slug = `${options.customerSlug}-support`;
  return `apiVersion: covenant/v1
kind: Agreement
metadata:
  id: ${slug}
  title: ${options.customerName} - support
  customer: ${options.customerSlug}
  provider: Your company
spec:
  term: { start: ${nextYear()}-01-01, end: ${nextYear()}-12-31, renewal: auto, noticeDays: 60 }
  review: { every: P3M }
  services:
    - id: support
      name: Application support
      scope: [incident resolution, service requests]
      environment: { incidentCategories: [access, performance, data] }
  channels:
    - { kind: portal }
  calendars:
    business:
      timezone: ${options.timezone}
      weekly: [{ days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }]
    always: 24x7
  priorities:
    levels: [P1, P2, P3]
    # impact -> urgency -> priority
    matrix:
      high: { high: P1, medium: P2, low: P3 }
      medium: { high: P2, medium: P3, low: P3 }
      low: { high: P3, medium: P3, low: P3 }
  targets:
    - { id: p1-response, metric: first_response, priorities: [P1], within: PT30M, calendar: always, goal: 95% }
    - { id: p1-resolution, metric: resolution, priorities: [P1], within: PT4H, calendar: always, goal: 90% }
    - { id: p2-response, metric: first_response, priorities: [P2], within: PT2H, calendar: business, goal: 95% }
    - { id: p2-resolution, metric: resolution, priorities: [P2], within: PT8H, calendar: business, goal: 90% }
    - { id: p3-response, metric: first_response, priorities: [P3], within: PT8H, calendar: business, goal: 90% }
    - { id: p3-resolution, metric: resolution, priorities: [P3], within: PT40H, calendar: business, goal: 85% }
  credits:
    monthlyFee: { amount: 10000, currency: EUR }
    rules:
      - { target: p1-resolution, perBreach: 2% }
    monthlyCap: 10%
  signatories:
    provider: [${options.providerSignatory}]
    customer: []
`;
}

function nextYear(): number {
  return new Date().getUTCFullYear() + 1;
}
