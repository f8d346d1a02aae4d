import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ChainVerification,
  GENESIS_HASH,
  chainHashParts,
  queriedRows,
  verifyAuditChain,
} from '@council/audit-chain';
import {
  Clock,
  CursorKind,
  Page,
  PageRequest,
  ValidationError,
  assertUuid,
  buildPage,
  cursorPart,
  pageWindow,
  requireText,
} from '@council/core';
import { AuditEntryEntity } from './persistence/audit-entry.entity';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  AuditAction,
  AuditEntityType,
} from './audit-vocabulary';

export interface AuditRecord {
  actorId: string | null;
  action: AuditAction;
  entityType?: AuditEntityType;
  entityId?: string;
  // A short structured summary: never a password, token, hash of a secret or ballot content.
  summary?: Record<string, unknown>;
}

// Narrows the log to what an auditor follows: one entity (a meeting, a member, an election), one
// actor, one kind of action, a period. Every filter given applies.
export interface AuditLogFilter {
  entityType?: string | null;
  entityId?: string | null;
  actorId?: string | null;
  action?: string | null;
  // occurredAt in [from, to).
  from?: Date | null;
  to?: Date | null;
}

// Longer than any entity type, id (a uuid, a term label) or action the app records.
const FILTER_TEXT_MAX_LENGTH = 100;

// Any constant works; it names the one lock that serialises appends so the chain stays linear.
export const AUDIT_APPEND_LOCK = 0x0a0d17;

export const AUDIT_CURSOR = new CursorKind('auditLog', [cursorPart.sequence]);
const keyOfEntry = (entry: AuditEntryEntity) => [entry.seq];

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  // Runs inside the caller's transaction: the entry commits or rolls back with the change itself.
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must run inside a transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    // The time is read under the lock, so times never go back along the chain.
    const content = {
      occurredAt: this.clock.now(),
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType ?? null,
      entityId: record.entityId ?? null,
      summary: record.summary ?? {},
    };
    const { beforeSeq, afterSeq } = chainHashParts(content);
    // The lock is held until the transaction ends, so what follows it is kept to one statement:
    // the last entry is read (by a statement that starts after the lock, so it sees the previous
    // holder's commit) and the next one written with its hash, chainHash() spelled in SQL.
    await manager.query(
      `INSERT INTO audit_entry
         (seq, occurred_at, actor_id, action, entity_type, entity_id, summary, prev_hash, hash)
       SELECT last.seq + 1, $1, $2, $3, $4, $5, $6::jsonb, last.hash,
              encode(sha256(convert_to(last.hash || $7 || (last.seq + 1)::text || $8, 'UTF8')), 'hex')
         FROM ((SELECT seq, hash::text AS hash FROM audit_entry ORDER BY seq DESC LIMIT 1)
               UNION ALL SELECT 0, $9
               ORDER BY seq DESC LIMIT 1) last`,
      [
        content.occurredAt,
        content.actorId,
        content.action,
        content.entityType,
        content.entityId,
        JSON.stringify(content.summary),
        beforeSeq,
        afterSeq,
        GENESIS_HASH,
      ],
    );
  }

  // Newest first: the cursor holds the entry's seq.
  async list(request: PageRequest & AuditLogFilter): Promise<Page<AuditEntryEntity>> {
    const window = pageWindow(request, AUDIT_CURSOR);
    const conditions = auditLogConditions(request);
    const selected = () => {
      const selection = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
      for (const [sql, parameters] of conditions) selection.andWhere(sql, parameters);
      return selection;
    };
    // seq runs from 1 without gaps (each entry is the last one's seq + 1, under the append lock):
    // unfiltered, its largest value is the count, read off the end of the primary key instead of
    // counting a log that only grows. Filtered, the indexes of the filters count.
    const total = conditions.length === 0 ? await this.lastSeq() : await selected().getCount();
    // One row more than the page tells whether another follows (and is never LIMIT 0, which
    // TypeORM reads as no limit).
    const page = selected()
      .orderBy('e.seq', 'DESC')
      .limit(window.limit + 1);
    if (window.after) page.andWhere('e.seq < CAST(:seq AS bigint)', { seq: window.after[0] });
    return buildPage(await page.getMany(), total, window, AUDIT_CURSOR, keyOfEntry);
  }

  private async lastSeq(): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT coalesce(max(seq), 0)::int AS total FROM audit_entry`,
    );
    return total;
  }

  async verifyChain(): Promise<ChainVerification> {
    return verifyAuditChain(queriedRows(this.dataSource));
  }
}

// The filters as SQL conditions, each checked first (a bad one changes nothing and names its field).
function auditLogConditions(filter: AuditLogFilter): Array<[string, Record<string, unknown>]> {
  const conditions: Array<[string, Record<string, unknown>]> = [];
  const text = (value: string | null | undefined, field: string) =>
    value === null || value === undefined
      ? null
      : requireText(value, field, FILTER_TEXT_MAX_LENGTH);
  const entityType = known(filter.entityType, AUDIT_ENTITY_TYPES, () =>
    ValidationError.field(
      'entityType',
      `entityType must be one of ${AUDIT_ENTITY_TYPES.join(', ')}`,
      'UNKNOWN_ENTITY_TYPE',
    ),
  );
  if (entityType !== null) conditions.push(['e.entity_type = :entityType', { entityType }]);
  const entityId = text(filter.entityId, 'entityId');
  if (entityId !== null) conditions.push(['e.entity_id = :entityId', { entityId }]);
  if (filter.actorId !== null && filter.actorId !== undefined) {
    conditions.push(['e.actor_id = :actorId', { actorId: assertUuid(filter.actorId, 'actorId') }]);
  }
  const action = known(filter.action, AUDIT_ACTIONS, () =>
    ValidationError.field(
      'action',
      "action must be one of the actions the audit log records (the argument's description lists them), e.g. meetings.minutes_approved",
      'UNKNOWN_ACTION',
    ),
  );
  if (action !== null) conditions.push(['e.action = :action', { action }]);
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  if (from && to && from.getTime() >= to.getTime()) {
    throw ValidationError.field('to', 'to must be later than from', 'INVALID_RANGE');
  }
  if (from) conditions.push(['e.occurred_at >= :from', { from }]);
  if (to) conditions.push(['e.occurred_at < :to', { to }]);
  return conditions;
}

// A misspelt action or entity type would match nothing and read as "no such entries".
function known<T extends string>(
  value: string | null | undefined,
  vocabulary: readonly T[],
  refusal: () => ValidationError,
): T | null {
  if (value === null || value === undefined) return null;
  const match = vocabulary.find((word) => word === value);
  if (match === undefined) throw refusal();
  return match;
}
