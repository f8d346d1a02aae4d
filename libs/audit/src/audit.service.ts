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
  buildPage,
  cursorPart,
  pageWindow,
} from '@council/core';
import { AuditEntryEntity } from './persistence/audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  // A short structured summary: never a password, token, hash of a secret or ballot content.
  summary?: Record<string, unknown>;
}

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
  async list(request: PageRequest): Promise<Page<AuditEntryEntity>> {
    const window = pageWindow(request, AUDIT_CURSOR);
    const entries = this.dataSource.getRepository(AuditEntryEntity);
    // seq runs from 1 without gaps (each entry is the last one's seq + 1, under the append lock):
    // its largest value is the count, read off the end of the primary key instead of counting a
    // log that only grows.
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT coalesce(max(seq), 0)::int AS total FROM audit_entry`,
    );
    // One row more than the page tells whether another follows (and is never LIMIT 0, which
    // TypeORM reads as no limit).
    const page = entries
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(window.limit + 1);
    if (window.after) page.where('e.seq < CAST(:seq AS bigint)', { seq: window.after[0] });
    return buildPage(await page.getMany(), total, window, AUDIT_CURSOR, keyOfEntry);
  }

  async verifyChain(): Promise<ChainVerification> {
    return verifyAuditChain(queriedRows(this.dataSource));
  }
}
