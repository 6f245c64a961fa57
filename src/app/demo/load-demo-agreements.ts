/**
 * The demo's frame, through the use-cases (decision 0011): customers, services, calendars, the signatories as
 * people, and the agreements taken from draft to active. Every step looks for what a previous run left first, so a
 * run after an interrupted one finishes the work instead of failing on what already exists.
 *
 * Approvals are signatures of people: each agreement's first provider and customer signatory becomes a user of the
 * workspace (a manager, and a representative of the customer; no password, so nobody can sign in as them until an
 * administrator sets one), and approves as a signed-in user would. The versions are put in force now; each is in
 * force from its effective instant (the term start), so the demo tickets of the weeks before now are measured under
 * it (decision 0025).
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { type Principal, workspaceScope } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { activateAgreementVersion, submitAgreementVersion } from '../agreements/agreement-version-life-cycle.ts';
import { approveAgreementVersion } from '../agreements/approve-agreement-version.ts';
import { createAgreement } from '../agreements/create-agreement.ts';
import { recordChange } from '../audit/record-change.ts';
import { createCalendar } from '../calendars/manage-calendars.ts';
import { createCustomer } from '../customers/manage-customers.ts';
import type { UserRecord } from '../ports/identity-repositories.ts';
import type { Clock, Store } from '../ports/store.ts';
import { createService } from '../services/manage-services.ts';
import type { DemoAgreement, DemoPlan } from './demo-plan-types.ts';

export interface DemoDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

/** Ids of what the frame created (or found), by slug. */
export interface DemoFrame {
  readonly customers: ReadonlyMap<string, string>;
  readonly agreements: ReadonlyMap<string, string>;
}

export async function loadDemoFrame(
  dependencies: DemoDependencies,
  system: Principal,
  plan: DemoPlan,
  agreements: ReadonlyMap<string, Agreement>,
  pause: () => Promise<void> = async () => {},
): Promise<DemoFrame> {
  const { store } = dependencies;
  const scope = workspaceScope(system.workspaceId);
  const customers = new Map<string, string>();
  for (const customer of plan.customers) {
    const existing = await store.read.customers.findBySlug(scope, customer.slug);
    customers.set(customer.slug, (existing ?? (await createCustomer(dependencies, system, customer))).id);
    await pause();
  }
  for (const service of plan.services) {
    if (!(await store.read.services.findBySlug(system.workspaceId, service.slug))) {
      await createService(dependencies, system, service);
    }
    await pause();
  }
  for (const calendar of plan.calendars) {
    if (!(await store.read.calendars.findBySlug(system.workspaceId, calendar.slug))) {
      await createCalendar(dependencies, system, calendar);
    }
    await pause();
  }
  const agreementIds = new Map<string, string>();
  for (const entry of plan.agreements) {
    const agreement = agreements.get(entry.slug)!;
    const customerId = customers.get(entry.customerSlug)!;
    const provider = await signatory(dependencies, system, agreement, 'provider', null);
    const customer = await signatory(dependencies, system, agreement, 'customer', customerId);
    const existing = await store.read.agreements.findBySlug(system.workspaceId, entry.slug);
    const agreementId =
      existing?.id ??
      (await createAgreement(dependencies, system, { format: entry.sourceFormat, document: entry.sourceText }))
        .agreement.id;
    agreementIds.set(entry.slug, agreementId);
    await putInForce(dependencies, system, { provider, customer }, agreementId, entry, pause);
  }
  return { customers, agreements: agreementIds };
}

/** The principal of the party's first signatory (a user made for the demo when missing). */
async function signatory(
  { store, clock }: DemoDependencies,
  system: Principal,
  agreement: Agreement,
  party: 'provider' | 'customer',
  customerId: string | null,
): Promise<Principal> {
  const named = agreement.spec.signatories[party][0];
  const email = (
    named ??
    (party === 'provider'
      ? 'demo-manager@covenant.local'
      : `demo-representative@${agreement.metadata.customer}.example`)
  ).toLowerCase();
  const role: Role = party === 'provider' ? 'manager' : 'customer';
  let user: UserRecord | null = await store.read.users.findByEmail(system.workspaceId, email);
  if (user === null) {
    user = await store.transaction(async (repositories) => {
      const created = await repositories.users.create({
        workspaceId: system.workspaceId,
        email,
        name: nameOf(email),
        role,
        customerId,
        passwordHash: null,
        timezone: agreement.spec.term.timezone,
      });
      await recordChange(repositories, system, clock.now(), {
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }
  return {
    workspaceId: user.workspaceId,
    role: user.role,
    customerId: user.customerId,
    userId: user.id,
    tokenId: null,
    label: user.email,
  };
}

/** "it-director@stalmet.example" -> "It Director". */
function nameOf(email: string): string {
  return email
    .split('@')[0]!
    .split(/[._-]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}

/** Takes the agreement's latest version through review, both approvals and the activation. */
async function putInForce(
  dependencies: DemoDependencies,
  system: Principal,
  people: { provider: Principal; customer: Principal },
  agreementId: string,
  entry: DemoAgreement,
  pause: () => Promise<void>,
): Promise<void> {
  const { store } = dependencies;
  for (let step = 0; step < 6; step++) {
    await pause();
    const versions = await store.read.agreements.listVersions(system.workspaceId, agreementId, []);
    const version = versions.reduce((latest, candidate) => (candidate.number > latest.number ? candidate : latest));
    const target = { agreementId, versionId: version.id, expectedRevision: null };
    const approval = { contentHash: version.contentHash };
    switch (version.status) {
      case 'active':
        return;
      case 'draft':
        await submitAgreementVersion(dependencies, system, target);
        break;
      case 'in_review':
      case 'approved_by_customer':
        await approveAgreementVersion(dependencies, people.provider, 'provider', target, approval);
        break;
      case 'approved_by_provider':
        await approveAgreementVersion(dependencies, people.customer, 'customer', target, approval);
        break;
      case 'approved':
        await activateAgreementVersion(dependencies, system, target);
        break;
      default:
        throw new Error(`the demo agreement ${entry.slug} has version ${version.number} ${version.status}`);
    }
  }
  throw new Error(`the demo agreement ${entry.slug} could not be put in force`);
}
