import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ChainVerification,
  GENESIS_HASH,
  chainHash,
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
    const last: Array<{ seq: string; hash: string }> = await manager.query(
      'SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1',
    );
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const seq = last[0] ? (BigInt(last[0].seq) + 1n).toString() : '1';
    const content = {
      seq,
      occurredAt: this.clock.now(),
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType ?? null,
      entityId: record.entityId ?? null,
      summary: record.summary ?? {},
    };
    const hash = chainHash(prevHash, content);
    await manager.insert(AuditEntryEntity, { ...content, prevHash, hash });
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
