/**
 * Which screen answers which path, and for whom. Screens are loaded on first use (the chart library only with the
 * screens that draw charts), so the first page a user opens stays small.
 */
import { type ComponentType, lazy, type ReactNode } from 'react';
import type { Role } from '../api/types.ts';

// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own bound; each screen keeps its prop types
function page<K extends string, C extends ComponentType<any>>(load: () => Promise<Record<K, C>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const DashboardPage = page(() => import('../features/dashboard/dashboard-page.tsx'), 'DashboardPage');
const TicketsPage = page(() => import('../features/tickets/tickets-page.tsx'), 'TicketsPage');
const TicketDetailPage = page(() => import('../features/tickets/ticket-detail-page.tsx'), 'TicketDetailPage');
const AgreementsPage = page(() => import('../features/agreements/agreements-page.tsx'), 'AgreementsPage');
const NewAgreementPage = page(() => import('../features/agreements/new-agreement-page.tsx'), 'NewAgreementPage');
const AgreementPage = page(() => import('../features/agreements/agreement-page.tsx'), 'AgreementPage');
const CalendarsPage = page(() => import('../features/calendars/calendars-page.tsx'), 'CalendarsPage');
const CalendarPage = page(() => import('../features/calendars/calendar-page.tsx'), 'CalendarPage');
const ReportsPage = page(() => import('../features/reports/reports-page.tsx'), 'ReportsPage');
const SettingsPage = page(() => import('../features/settings/settings-page.tsx'), 'SettingsPage');
const CustomersPage = page(() => import('../features/customers/customers-page.tsx'), 'CustomersPage');
const CustomerPage = page(() => import('../features/customers/customer-page.tsx'), 'CustomerPage');
const NewPhoneTicketPage = page(() => import('../features/tickets/new-phone-ticket-page.tsx'), 'NewPhoneTicketPage');
const MailTriagePage = page(() => import('../features/mail/mail-triage-page.tsx'), 'MailTriagePage');
const PortalPage = page(() => import('../features/portal/portal-page.tsx'), 'PortalPage');
const ReportIncidentPage = page(() => import('../features/portal/report-incident-page.tsx'), 'ReportIncidentPage');

export interface RouteDefinition {
  readonly pattern: string;
  /** Roles that may open the screen; absent: every signed-in role. */
  readonly roles?: readonly Role[];
  readonly render: (params: Record<string, string>) => ReactNode;
}

const providers: Role[] = ['admin', 'manager', 'owner', 'agent', 'viewer'];

export const routes: RouteDefinition[] = [
  { pattern: '/dashboard', roles: providers, render: () => <DashboardPage /> },
  { pattern: '/tickets', roles: providers, render: () => <TicketsPage /> },
  { pattern: '/tickets/new-call', roles: ['admin', 'manager', 'agent'], render: () => <NewPhoneTicketPage /> },
  { pattern: '/tickets/:id', render: ({ id }) => <TicketDetailPage key={id} id={id!} /> },
  { pattern: '/customers', roles: providers, render: () => <CustomersPage /> },
  { pattern: '/customers/new', roles: ['admin', 'manager'], render: () => <CustomerPage id={null} /> },
  { pattern: '/customers/:id', roles: providers, render: ({ id }) => <CustomerPage key={id} id={id!} /> },
  { pattern: '/mail/triage', roles: ['admin', 'manager'], render: () => <MailTriagePage /> },
  { pattern: '/agreements', render: () => <AgreementsPage /> },
  { pattern: '/agreements/new', roles: ['admin', 'manager'], render: () => <NewAgreementPage /> },
  { pattern: '/agreements/:id', render: ({ id }) => <AgreementPage key={id} id={id!} /> },
  { pattern: '/calendars', roles: providers, render: () => <CalendarsPage /> },
  { pattern: '/calendars/new', roles: ['admin', 'manager'], render: () => <CalendarPage id={null} /> },
  { pattern: '/calendars/:id', roles: providers, render: ({ id }) => <CalendarPage key={id} id={id!} /> },
  { pattern: '/reports', render: () => <ReportsPage /> },
  { pattern: '/settings', render: () => <SettingsPage /> },
  { pattern: '/portal', roles: ['customer'], render: () => <PortalPage /> },
  { pattern: '/portal/report', roles: ['customer'], render: () => <ReportIncidentPage /> },
];
