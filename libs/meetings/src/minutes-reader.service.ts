import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource } from 'typeorm';
import { Permission, Principal } from '@council/access';
import { assertUuid, groupBy } from '@council/core';
import { MinutesRecordBreak, verifyMinutesRecord } from './domain/minutes-document';
import { minutesNotFound } from './domain/meetings.errors';
import {
  MinutesReturnView,
  MinutesVersionView,
  MinutesView,
  minutesView,
  versionView,
} from './domain/minutes-view';
import { MinutesApprovalEntity } from './persistence/minutes-approval.entity';
import { MinutesReturnEntity } from './persistence/minutes-return.entity';
import { MinutesVersionEntity } from './persistence/minutes-version.entity';
import { MinutesEntity } from './persistence/minutes.entity';

export interface MinutesVerification {
  versions: number;
  approvals: number;
  firstBreak: MinutesRecordBreak | null;
}

// Reading minutes: batched for DataLoaders, shaped by who is asking.
@Injectable()
export class MinutesReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async viewsFor(
    meetingIds: readonly string[],
    viewer: Principal,
  ): Promise<Array<MinutesView | null>> {
    if (meetingIds.length === 0) return [];
    const seesDrafts = viewer.can(Permission.VIEW_DRAFTS);
    const all = await this.dataSource
      .getRepository(MinutesEntity)
      .findBy({ meetingId: Any([...meetingIds]) });
    const wanted = all
      .map((minutes) => ({
        minutes,
        version: seesDrafts ? minutes.currentVersion : minutes.approvedVersion,
      }))
      .filter(
        (entry): entry is { minutes: MinutesEntity; version: number } => entry.version !== null,
      );
    // The (minutes, version) pairs as two arrays: the same statement for one pair and for many.
    const versions =
      wanted.length === 0
        ? []
        : await this.dataSource
            .getRepository(MinutesVersionEntity)
            .createQueryBuilder('v')
            .where(
              `(v.minutes_id, v.version) IN
                 (SELECT * FROM unnest(CAST(:minutesIds AS uuid[]), CAST(:versions AS integer[])))`,
              {
                minutesIds: wanted.map((entry) => entry.minutes.id),
                versions: wanted.map((entry) => entry.version),
              },
            )
            .getMany();
    const approvals = await this.approvalsOf(versions.map((row) => row.id));
    const versionOf = new Map(versions.map((row) => [`${row.minutesId}:${row.version}`, row]));
    const byMeeting = new Map<string, MinutesView>();
    for (const entry of wanted) {
      const row = versionOf.get(`${entry.minutes.id}:${entry.version}`);
      if (!row) continue;
      byMeeting.set(
        entry.minutes.meetingId,
        minutesView(entry.minutes, row, approvals.get(row.id) ?? null, seesDrafts),
      );
    }
    return meetingIds.map((id) => byMeeting.get(id) ?? null);
  }

  // Every version for the leadership; the approved ones for members. Oldest first.
  async historyOf(
    minutesIds: readonly string[],
    viewer: Principal,
  ): Promise<MinutesVersionView[][]> {
    if (minutesIds.length === 0) return [];
    const seesDrafts = viewer.can(Permission.VIEW_DRAFTS);
    const rows = await this.dataSource.getRepository(MinutesVersionEntity).find({
      where: { minutesId: Any([...minutesIds]) },
      order: { minutesId: 'ASC', version: 'ASC' },
    });
    const approvals = await this.approvalsOf(rows.map((row) => row.id));
    const views = rows
      .map((row) => versionView(row, approvals.get(row.id) ?? null))
      .filter((view) => seesDrafts || view.isApproved);
    return groupBy(minutesIds, views, (view) => view.minutesId);
  }

  // The returns of each version, oldest first: the leadership's review trail (members, who read
  // approved versions only, see none, as they see no draft).
  async returnsOf(
    versionIds: readonly string[],
    viewer: Principal,
  ): Promise<MinutesReturnView[][]> {
    if (versionIds.length === 0 || !viewer.can(Permission.VIEW_DRAFTS)) {
      return versionIds.map(() => []);
    }
    const rows = await this.dataSource.getRepository(MinutesReturnEntity).find({
      where: { minutesVersionId: Any([...versionIds]) },
      order: { returnedAt: 'ASC', id: 'ASC' },
    });
    const views = rows.map((row) => ({
      versionId: row.minutesVersionId,
      version: row.version,
      comment: row.comment,
      returnedById: row.returnedBy,
      returnedAt: row.returnedAt,
    }));
    return groupBy(versionIds, views, (view) => view.versionId);
  }

  // Recomputes every version's seal and checks the chain and the approvals' bound hashes.
  async verify(meetingIdInput: string): Promise<MinutesVerification> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    const minutes = await this.dataSource.getRepository(MinutesEntity).findOneBy({ meetingId });
    if (!minutes) throw minutesNotFound();
    const rows = await this.dataSource.getRepository(MinutesVersionEntity).find({
      where: { minutesId: minutes.id },
      order: { version: 'ASC' },
    });
    const approvals = await this.approvalsOf(rows.map((row) => row.id));
    return {
      versions: rows.length,
      approvals: approvals.size,
      firstBreak: verifyMinutesRecord(
        rows.map((row) => ({ ...row, approvedHash: approvals.get(row.id)?.contentHash ?? null })),
      ),
    };
  }

  private async approvalsOf(versionIds: string[]): Promise<Map<string, MinutesApprovalEntity>> {
    if (versionIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(MinutesApprovalEntity)
      .findBy({ minutesVersionId: Any(versionIds) });
    return new Map(rows.map((row) => [row.minutesVersionId, row]));
  }
}
