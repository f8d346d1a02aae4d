import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChainBreak, GENESIS_HASH, chainHash, verifyChainSegment } from '@council/audit-chain';
import { Clock, Page, PageRequest, buildPage, toOffsetWindow } from '@council/core';
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
const AUDIT_APPEND_LOCK = 0x0a0d17;
const VERIFY_BATCH = 5000;

export interface ChainVerification {
  entries: number;
  firstBreak: ChainBreak | null;
}

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

  async list(request: PageRequest): Promise<Page<AuditEntryEntity>> {
    const window = toOffsetWindow(request);
    const [items, total] = await this.dataSource.getRepository(AuditEntryEntity).findAndCount({
      order: { seq: 'DESC' },
      take: window.limit,
      skip: window.offset,
    });
    return buildPage(items, total, window);
  }

  async verifyChain(): Promise<ChainVerification> {
    return verifyAuditChain(this.dataSource);
  }
}

export async function verifyAuditChain(dataSource: DataSource): Promise<ChainVerification> {
  const fetch = (after: string): Promise<AuditRow[]> =>
    dataSource.query(
      `SELECT seq, occurred_at, actor_id, action, entity_type, entity_id, summary, prev_hash, hash
         FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, VERIFY_BATCH],
    );
  let previous: { seq: string; hash: string } | null = null;
  let count = 0;
  let pending = fetch('0');
  for (;;) {
    const rows = await pending;
    if (rows.length === 0) return { entries: count, firstBreak: null };
    // Read ahead: the next batch travels while this one is checked.
    pending =
      rows.length === VERIFY_BATCH ? fetch(String(rows[rows.length - 1].seq)) : Promise.resolve([]);
    const entries = rows.map((row) => ({
      seq: String(row.seq),
      occurredAt: new Date(row.occurred_at),
      actorId: row.actor_id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      summary: row.summary,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
    const firstBreak = verifyChainSegment(entries, previous);
    if (firstBreak) {
      await pending.catch(() => undefined);
      return { entries: count, firstBreak };
    }
    count += entries.length;
    const last = entries[entries.length - 1];
    previous = { seq: last.seq, hash: last.hash };
  }
}

interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}
