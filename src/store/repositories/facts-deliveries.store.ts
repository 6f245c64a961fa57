/**
 * Delivery lines in PostgreSQL. A batch upsert sends all lines as one JSON parameter (`jsonb_to_recordset`), so
 * 10,000 lines cost three statements: read the stored lines, upsert the new and changed ones
 * (`ON CONFLICT ... DO UPDATE`, safe against a concurrent batch), read them back.
 */
import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  DeliveryRecord,
  DeliveryRepository,
  DeliveryUpsertOutcome,
  DeliveryValues,
} from '../../app/ports/delivery-repository.ts';
import { deliveries } from '../schema.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { countWhere, type Db } from './facts-predicates.ts';
import { dateOf, millis } from './row-mapping.ts';

function deliveryRecord(row: typeof deliveries.$inferSelect): DeliveryRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    agreementId: row.agreementId,
    orderId: row.orderId,
    lineId: row.lineId,
    orderedQuantity: row.orderedQuantity,
    deliveredQuantity: row.deliveredQuantity,
    promisedAt: millis(row.promisedAt),
    deliveredAt: millis(row.deliveredAt),
    createdAt: millis(row.createdAt),
  };
}

function columnsOf(values: DeliveryValues) {
  return {
    customerId: values.customerId,
    agreementId: values.agreementId,
    orderId: values.orderId,
    lineId: values.lineId,
    orderedQuantity: values.orderedQuantity,
    deliveredQuantity: values.deliveredQuantity,
    promisedAt: dateOf(values.promisedAt),
    deliveredAt: dateOf(values.deliveredAt),
  };
}

const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: deliveries.workspaceId, customer: deliveries.customerId });

const lineKey = (line: { customerId: string; orderId: string; lineId: string }) =>
  JSON.stringify([line.customerId, line.orderId, line.lineId]);

function sameLine(stored: DeliveryRecord, values: DeliveryValues): boolean {
  return (
    stored.agreementId === values.agreementId &&
    stored.orderedQuantity === values.orderedQuantity &&
    stored.deliveredQuantity === values.deliveredQuantity &&
    stored.promisedAt === values.promisedAt &&
    stored.deliveredAt === values.deliveredAt
  );
}

/** The lines as one JSON document for jsonb_to_recordset. */
function linesParameter(lines: readonly DeliveryValues[]): string {
  return JSON.stringify(
    lines.map((line) => ({
      customer_id: line.customerId,
      agreement_id: line.agreementId,
      order_id: line.orderId,
      line_id: line.lineId,
      ordered_quantity: line.orderedQuantity,
      delivered_quantity: line.deliveredQuantity,
      promised_at: new Date(line.promisedAt).toISOString(),
      delivered_at: line.deliveredAt === null ? null : new Date(line.deliveredAt).toISOString(),
    })),
  );
}

/** Stored lines of the workspace whose keys are among `lines`. */
async function storedLines(db: Db, workspaceId: string, lines: readonly DeliveryValues[]): Promise<DeliveryRecord[]> {
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, workspaceId),
        sql`(${deliveries.customerId}, ${deliveries.orderId}, ${deliveries.lineId}) IN (
          SELECT x.customer_id, x.order_id, x.line_id
          FROM jsonb_to_recordset(${linesParameter(lines)}::jsonb) AS x(customer_id uuid, order_id text, line_id text))`,
      ),
    );
  return rows.map(deliveryRecord);
}

export function deliveryRepository(db: Db): DeliveryRepository {
  return {
    async create(workspaceId, values) {
      const [row] = await db
        .insert(deliveries)
        .values({ workspaceId, ...columnsOf(values) })
        .returning();
      return deliveryRecord(row!);
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(deliveries)
        .where(and(inScope(scope), eq(deliveries.id, id)));
      return row ? deliveryRecord(row) : null;
    },
    async findByLine(scope, key) {
      const [row] = await db
        .select()
        .from(deliveries)
        .where(
          and(
            inScope(scope),
            eq(deliveries.customerId, key.customerId),
            eq(deliveries.orderId, key.orderId),
            eq(deliveries.lineId, key.lineId),
          ),
        );
      return row ? deliveryRecord(row) : null;
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [inScope(scope)];
      if (filter.customerId !== undefined) conditions.push(eq(deliveries.customerId, filter.customerId));
      if (filter.agreementId !== undefined) conditions.push(eq(deliveries.agreementId, filter.agreementId));
      if (filter.orderId !== undefined) conditions.push(eq(deliveries.orderId, filter.orderId));
      if (filter.delivered !== undefined) {
        conditions.push(filter.delivered ? isNotNull(deliveries.deliveredAt) : isNull(deliveries.deliveredAt));
      }
      if (filter.from !== undefined) conditions.push(sql`${deliveries.promisedAt} >= ${dateOf(filter.from)}`);
      if (filter.to !== undefined) conditions.push(sql`${deliveries.promisedAt} < ${dateOf(filter.to)}`);
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(deliveries)
        .where(where)
        .orderBy(
          filter.sort === '-promisedAt' ? desc(deliveries.promisedAt) : asc(deliveries.promisedAt),
          asc(deliveries.orderId),
          asc(deliveries.lineId),
          asc(deliveries.id),
        )
        .limit(page.limit)
        .offset(page.offset);
      return { items: rows.map(deliveryRecord), total: await countWhere(db, deliveries, where), ...page };
    },
    async update(scope, id, values) {
      const [row] = await db
        .update(deliveries)
        .set(columnsOf(values))
        .where(and(inScope(scope), eq(deliveries.id, id)))
        .returning();
      return row ? deliveryRecord(row) : null;
    },
    async delete(scope, id) {
      const rows = await db
        .delete(deliveries)
        .where(and(inScope(scope), eq(deliveries.id, id)))
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },
    async upsertMany(workspaceId, lines) {
      if (lines.length === 0) return [];
      const before = new Map((await storedLines(db, workspaceId, lines)).map((record) => [lineKey(record), record]));
      const changed = lines.filter((line) => {
        const stored = before.get(lineKey(line));
        return stored === undefined || !sameLine(stored, line);
      });
      const after = new Map<string, DeliveryRecord>();
      if (changed.length > 0) {
        await db.execute(sql`
          INSERT INTO deliveries (workspace_id, customer_id, agreement_id, order_id, line_id, ordered_quantity,
                                  delivered_quantity, promised_at, delivered_at)
          SELECT ${workspaceId}::uuid, x.customer_id, x.agreement_id, x.order_id, x.line_id, x.ordered_quantity,
                 x.delivered_quantity, x.promised_at, x.delivered_at
          FROM jsonb_to_recordset(${linesParameter(changed)}::jsonb) AS x(customer_id uuid, agreement_id uuid,
               order_id text, line_id text, ordered_quantity double precision, delivered_quantity double precision,
               promised_at timestamptz, delivered_at timestamptz)
          ON CONFLICT (workspace_id, customer_id, order_id, line_id) DO UPDATE SET
            agreement_id = excluded.agreement_id,
            ordered_quantity = excluded.ordered_quantity,
            delivered_quantity = excluded.delivered_quantity,
            promised_at = excluded.promised_at,
            delivered_at = excluded.delivered_at`);
        for (const record of await storedLines(db, workspaceId, changed)) after.set(lineKey(record), record);
      }
      return lines.map((line): DeliveryUpsertOutcome => {
        const key = lineKey(line);
        const stored = before.get(key);
        const written = after.get(key);
        if (written === undefined) return { kind: 'unchanged', record: stored! };
        return stored === undefined
          ? { kind: 'created', record: written }
          : { kind: 'updated', record: written, before: stored };
      });
    },
  };
}
