/**
 * Agreements, their versions and approvals in PostgreSQL. Every query is bounded by the workspace, and by the
 * customer when the caller's scope has one. Version content is stored as the normalised model (jsonb) beside the
 * text its author wrote; writers lock the agreement or version row (FOR UPDATE) so concurrent transitions queue.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  AgreementRecord,
  AgreementRepository,
  AgreementVersionRecord,
  AgreementVersionSummary,
  ApprovalRecord,
  VersionStatus,
} from '../../app/ports/agreement-repository.ts';
import type { Database } from '../database.ts';
import { agreements, agreementVersions, approvals, customers } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { dateOf, likePattern, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function agreementRecord(row: typeof agreements.$inferSelect): AgreementRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    slug: row.slug,
    title: row.title,
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

function versionRecord(row: typeof agreementVersions.$inferSelect): AgreementVersionRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    agreementId: row.agreementId,
    number: row.number,
    status: row.status as VersionStatus,
    content: row.content,
    sourceText: row.sourceText,
    sourceFormat: row.sourceFormat as 'yaml' | 'json',
    contentHash: row.contentHash,
    lint: row.lint,
    timezone: termZoneOf(row.content),
    effectiveFrom: millis(row.effectiveFrom),
    appliesToOpenTickets: row.appliesToOpenTickets,
    revision: row.revision,
    activatedAt: millis(row.activatedAt),
    endedAt: millis(row.endedAt),
    createdBy: row.createdBy,
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

/** The zone of the stored content's term (always written when the version was saved; UTC if a row lacks it). */
function termZoneOf(content: unknown): string {
  return (content as { spec?: { term?: { timezone?: string } } } | null)?.spec?.term?.timezone ?? 'UTC';
}

const summaryColumns = {
  id: agreementVersions.id,
  timezone: sql<string>`coalesce(${agreementVersions.content} -> 'spec' -> 'term' ->> 'timezone', 'UTC')`,
  agreementId: agreementVersions.agreementId,
  number: agreementVersions.number,
  status: agreementVersions.status,
  contentHash: agreementVersions.contentHash,
  revision: agreementVersions.revision,
  effectiveFrom: agreementVersions.effectiveFrom,
  appliesToOpenTickets: agreementVersions.appliesToOpenTickets,
  activatedAt: agreementVersions.activatedAt,
  endedAt: agreementVersions.endedAt,
  createdAt: agreementVersions.createdAt,
  updatedAt: agreementVersions.updatedAt,
};

type Instants = 'effectiveFrom' | 'activatedAt' | 'endedAt' | 'createdAt' | 'updatedAt';
type SummaryRow = Omit<AgreementVersionSummary, 'status' | Instants> & {
  status: string;
  effectiveFrom: Date | null;
  activatedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

function summaryRecord(row: SummaryRow): AgreementVersionSummary {
  return {
    ...row,
    status: row.status as VersionStatus,
    effectiveFrom: millis(row.effectiveFrom),
    activatedAt: millis(row.activatedAt),
    endedAt: millis(row.endedAt),
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

function approvalRecord(row: typeof approvals.$inferSelect): ApprovalRecord {
  return {
    id: row.id,
    versionId: row.versionId,
    party: row.party as 'provider' | 'customer',
    userId: row.userId,
    userEmail: row.userEmail,
    contentHash: row.contentHash,
    approvedAt: millis(row.approvedAt),
  };
}

/** The scope as a predicate on the agreements table. */
const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: agreements.workspaceId, customer: agreements.customerId });

/** `AND v.status NOT IN (...)` for a subquery over versions aliased `v`. */
function visibleVersion(hidden: readonly VersionStatus[]): SQL {
  if (hidden.length === 0) return sql``;
  return sql` AND v.status NOT IN (${sql.join(
    hidden.map((status) => sql`${status}`),
    sql`, `,
  )})`;
}

const sortOrders = {
  slug: [asc(agreements.slug)],
  '-slug': [desc(agreements.slug)],
  title: [asc(agreements.title)],
  '-title': [desc(agreements.title)],
  created: [asc(agreements.createdAt)],
  '-created': [desc(agreements.createdAt)],
  updated: [asc(agreements.updatedAt)],
  '-updated': [desc(agreements.updatedAt)],
} as const;

export function agreementRepository(db: Db): AgreementRepository {
  const summariesOf = async (agreementIds: readonly string[], hidden: readonly VersionStatus[]) => {
    if (agreementIds.length === 0) return [];
    const conditions = [inArray(agreementVersions.agreementId, [...agreementIds])];
    if (hidden.length > 0) conditions.push(notInArray(agreementVersions.status, [...hidden]));
    const rows = await db
      .select(summaryColumns)
      .from(agreementVersions)
      .where(and(...conditions))
      .orderBy(asc(agreementVersions.agreementId), asc(agreementVersions.number));
    return rows.map(summaryRecord);
  };

  return {
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(agreements)
        .where(and(inScope(scope), eq(agreements.id, id)));
      return row ? agreementRecord(row) : null;
    },
    async getVersion(workspaceId, versionId) {
      const [row] = await db
        .select()
        .from(agreementVersions)
        .where(and(eq(agreementVersions.workspaceId, workspaceId), eq(agreementVersions.id, versionId)));
      return row ? versionRecord(row) : null;
    },
    async pinningCandidates(workspaceId, agreementId) {
      const rows = await db
        .select({
          versionId: agreementVersions.id,
          number: agreementVersions.number,
          status: agreementVersions.status,
          effectiveFrom: agreementVersions.effectiveFrom,
          activatedAt: agreementVersions.activatedAt,
          endedAt: agreementVersions.endedAt,
          appliesToOpenTickets: agreementVersions.appliesToOpenTickets,
        })
        .from(agreementVersions)
        .where(
          and(
            eq(agreementVersions.workspaceId, workspaceId),
            eq(agreementVersions.agreementId, agreementId),
            isNotNull(agreementVersions.activatedAt),
          ),
        )
        .orderBy(asc(agreementVersions.number));
      return rows.map((row) => ({
        ...row,
        status: row.status as VersionStatus,
        effectiveFrom: millis(row.effectiveFrom),
        activatedAt: millis(row.activatedAt),
        endedAt: millis(row.endedAt),
      }));
    },
    async create(input) {
      const [row] = await db.insert(agreements).values(input).onConflictDoNothing().returning();
      return row ? agreementRecord(row) : null;
    },
    async findBySlug(workspaceId, slug) {
      const [row] = await db
        .select()
        .from(agreements)
        .where(and(eq(agreements.workspaceId, workspaceId), eq(agreements.slug, slug)));
      return row ? agreementRecord(row) : null;
    },
    async lock(workspaceId, id) {
      const [row] = await db
        .select()
        .from(agreements)
        .where(and(eq(agreements.workspaceId, workspaceId), eq(agreements.id, id)))
        .for('update');
      return row ? agreementRecord(row) : null;
    },
    async update(workspaceId, id, changes) {
      const [row] = await db
        .update(agreements)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(and(eq(agreements.workspaceId, workspaceId), eq(agreements.id, id)))
        .returning();
      return row ? agreementRecord(row) : null;
    },
    async list(scope, page, filter) {
      const hidden = visibleVersion(filter.hiddenStatuses);
      const conditions: SQL[] = [
        inScope(scope),
        sql`EXISTS (SELECT 1 FROM agreement_versions v WHERE v.agreement_id = ${agreements.id}${hidden})`,
      ];
      if (filter.customer !== undefined) {
        conditions.push(
          uuidPattern.test(filter.customer)
            ? eq(agreements.customerId, filter.customer)
            : eq(customers.slug, filter.customer),
        );
      }
      if (filter.status !== undefined) {
        conditions.push(
          sql`(SELECT v.status FROM agreement_versions v WHERE v.agreement_id = ${agreements.id}${hidden}
               ORDER BY v.number DESC LIMIT 1) = ${filter.status}`,
        );
      }
      if (filter.search) {
        const pattern = likePattern(filter.search);
        conditions.push(or(ilike(agreements.title, pattern), ilike(agreements.slug, pattern))!);
      }
      const where = and(...conditions);
      const rows = await db
        .select({ agreement: agreements, customerSlug: customers.slug })
        .from(agreements)
        .innerJoin(customers, eq(customers.id, agreements.customerId))
        .where(where)
        .orderBy(...sortOrders[filter.sort ?? 'title'], asc(agreements.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db
        .select({ value: count() })
        .from(agreements)
        .innerJoin(customers, eq(customers.id, agreements.customerId))
        .where(where);
      const summaries = await summariesOf(
        rows.map((row) => row.agreement.id),
        filter.hiddenStatuses,
      );
      return {
        items: rows.map((row) => ({
          ...agreementRecord(row.agreement),
          customerSlug: row.customerSlug,
          versions: summaries.filter((summary) => summary.agreementId === row.agreement.id),
        })),
        total: Number(total?.value ?? 0),
        ...page,
      };
    },
    async listVersions(workspaceId, agreementId, hiddenStatuses) {
      const [owner] = await db
        .select({ id: agreements.id })
        .from(agreements)
        .where(and(eq(agreements.workspaceId, workspaceId), eq(agreements.id, agreementId)));
      return owner ? summariesOf([agreementId], hiddenStatuses) : [];
    },
    async createVersion(input) {
      const [row] = await db
        .insert(agreementVersions)
        .values({
          ...input,
          lint: [...input.lint],
          effectiveFrom: dateOf(input.effectiveFrom),
          status: 'draft',
        })
        .returning();
      return versionRecord(row!);
    },
    async lockVersion(workspaceId, agreementId, versionId) {
      const [row] = await db
        .select()
        .from(agreementVersions)
        .where(
          and(
            eq(agreementVersions.workspaceId, workspaceId),
            eq(agreementVersions.agreementId, agreementId),
            eq(agreementVersions.id, versionId),
          ),
        )
        .for('update');
      return row ? versionRecord(row) : null;
    },
    async updateVersion(workspaceId, versionId, changes) {
      const { effectiveFrom, activatedAt, endedAt, lint, ...rest } = changes;
      const [row] = await db
        .update(agreementVersions)
        .set({
          ...rest,
          ...(lint === undefined ? {} : { lint: [...lint] }),
          ...(effectiveFrom === undefined ? {} : { effectiveFrom: dateOf(effectiveFrom) }),
          ...(activatedAt === undefined ? {} : { activatedAt: dateOf(activatedAt) }),
          ...(endedAt === undefined ? {} : { endedAt: dateOf(endedAt) }),
          revision: sql`${agreementVersions.revision} + 1`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(agreementVersions.workspaceId, workspaceId), eq(agreementVersions.id, versionId)))
        .returning();
      if (!row) throw new Error(`agreement version ${versionId} vanished inside its transaction`);
      return versionRecord(row);
    },
    async listApprovals(workspaceId, versionIds) {
      if (versionIds.length === 0) return [];
      const rows = await db
        .select()
        .from(approvals)
        .where(and(eq(approvals.workspaceId, workspaceId), inArray(approvals.versionId, [...versionIds])))
        .orderBy(asc(approvals.approvedAt), asc(approvals.id));
      return rows.map(approvalRecord);
    },
    async addApproval(input) {
      const [row] = await db
        .insert(approvals)
        .values({ ...input, approvedAt: dateOf(input.approvedAt) })
        .returning();
      return approvalRecord(row!);
    },
    async deleteApprovals(workspaceId, versionId) {
      await db.delete(approvals).where(and(eq(approvals.workspaceId, workspaceId), eq(approvals.versionId, versionId)));
    },
    async usingCalendar(workspaceId, calendarSlug) {
      const rows = await queryRows<{ agreementId: string }>(
        db,
        sql`SELECT DISTINCT v.agreement_id AS "agreementId" FROM agreement_versions v,
              jsonb_each(CASE WHEN jsonb_typeof(v.content -> 'spec' -> 'calendars') = 'object'
                              THEN v.content -> 'spec' -> 'calendars' ELSE '{}'::jsonb END) AS c(name, value)
            WHERE v.workspace_id = ${workspaceId} AND jsonb_typeof(c.value) = 'object'
              AND c.value ->> 'use' = ${calendarSlug}
            ORDER BY 1`,
      );
      return rows.map((row) => row.agreementId);
    },
  };
}
