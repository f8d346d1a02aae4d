import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import { LockedMember, MemberStatus, lockMembers } from '@council/accounts';
import { AppConfig } from '@council/config';
import { Clock, ConflictError, ValidationError, assertUuid, groupBy } from '@council/core';
import {
  TermPeriod,
  TermStatus,
  nextTermLabel,
  termLabelAt,
  termPeriod,
  termStatus,
} from './domain/term-calendar';
import {
  CurrentSeat,
  NumberedSeat,
  Position,
  SeatAssignment,
  assertDistinctPortfolios,
  numberSeats,
  numberVacantSeats,
} from './domain/roster-rules';
import { TermsReason } from './domain/terms.errors';
import { RosterEntity, RosterSource } from './persistence/roster.entity';
import { SeatEntity } from './persistence/seat.entity';
import { TermEntity } from './persistence/term.entity';

export interface InstallRosterCommand {
  termLabel: string;
  seats: SeatAssignment[];
  source: RosterSource;
  electionId?: string;
  actorId: string | null;
  // A by-election: the seats go into the vacant places of the roster the term already has.
  fillVacancies?: boolean;
}

@Injectable()
export class TermsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private lastTerm?: { label: string; startsAt: number; endsAt: number };

  get timeZone(): string {
    return this.config.COUNCIL_TIME_ZONE;
  }

  // Asked at every request (roles follow the current term): the term around the last answer is
  // kept, so time-zone arithmetic runs twice a year instead of once per request.
  currentLabel(at: Date = this.clock.now()): string {
    const instant = at.getTime();
    const known = this.lastTerm;
    if (known && instant >= known.startsAt && instant < known.endsAt) return known.label;
    const label = termLabelAt(at, this.timeZone);
    const period = this.period(label);
    this.lastTerm = { label, startsAt: period.startsAt.getTime(), endsAt: period.endsAt.getTime() };
    return label;
  }

  period(label: string, field = 'label'): TermPeriod {
    return termPeriod(label, this.timeZone, field);
  }

  current(): TermPeriod {
    return this.period(this.currentLabel());
  }

  statusOf(label: string): TermStatus {
    return termStatus(label, this.clock.now(), this.timeZone);
  }

  isPast(label: string): boolean {
    return this.statusOf(label) === 'PAST';
  }

  // Every term that has a roster or an election, plus the current and the next; newest first.
  async list(): Promise<TermPeriod[]> {
    const current = this.currentLabel();
    const rows = await this.dataSource.getRepository(TermEntity).find({ select: { label: true } });
    const labels = new Set([current, nextTermLabel(current), ...rows.map((row) => row.label)]);
    return [...labels]
      .sort()
      .reverse()
      .map((label) => this.period(label));
  }

  // Batched for DataLoaders: the seats of several terms in one query.
  async rostersOf(labels: readonly string[]): Promise<SeatEntity[][]> {
    if (labels.length === 0) return [];
    const seats = await this.dataSource.getRepository(SeatEntity).find({
      where: { termLabel: Any([...labels]) },
      order: { position: 'ASC', seatNo: 'ASC' },
    });
    return groupBy(labels, seats, (seat) => seat.termLabel);
  }

  async rosterOf(label: string): Promise<SeatEntity[]> {
    return (await this.rostersOf([label]))[0];
  }

  // A term's seats, read in the caller's transaction; null while no roster is installed for it.
  async installedSeats(manager: EntityManager, label: string): Promise<SeatEntity[] | null> {
    if (!(await manager.existsBy(RosterEntity, { termLabel: label }))) return null;
    return manager.find(SeatEntity, { where: { termLabel: label } });
  }

  // Whether the member holds a seat in the term, read in the caller's transaction.
  holdsSeat(manager: EntityManager, label: string, memberId: string): Promise<boolean> {
    return manager.existsBy(SeatEntity, { termLabel: label, memberId });
  }

  async ensureTerm(manager: EntityManager, label: string): Promise<void> {
    this.period(label, 'termLabel');
    await manager.query('INSERT INTO term (label) VALUES ($1) ON CONFLICT (label) DO NOTHING', [
      label,
    ]);
  }

  // DOMAIN.md: the founding appointment installs one roster, once, while none was ever installed.
  // assertTermFree runs in the transaction once the rosters are held: the caller's check that
  // nothing else is to install this term's roster (an election under way). Called through
  // ElectionsService.appointFoundingRoster, which supplies that check.
  async appointFoundingRoster(
    actorId: string,
    termLabel: string,
    seats: SeatAssignment[],
    assertTermFree: (manager: EntityManager, termLabel: string) => Promise<void>,
  ): Promise<TermPeriod> {
    const period = this.period(termLabel, 'termLabel');
    // The appointment is one-time: a mistyped year would use it up on a term nobody sits in, and
    // leave the council without powers until then. Only the current or the next term is accepted
    // (a past one included in "any other").
    const current = this.currentLabel();
    if (termLabel !== current && termLabel !== nextTermLabel(current)) {
      throw ValidationError.field(
        'termLabel',
        `the founding roster must be for the current term (${current}) or the next one (${nextTermLabel(current)})`,
        TermsReason.FOUNDING_TERM_OUT_OF_RANGE,
      );
    }
    // Bad input is refused before any state is looked at.
    numberSeats(seats);
    assertDistinctPortfolios(seats);
    await this.dataSource.transaction(async (manager) => {
      // Blocks a concurrent founding appointment (or election install) until this one commits.
      await this.holdRosters(manager);
      const existing = await manager.count(RosterEntity);
      if (existing > 0) {
        throw new ConflictError(
          TermsReason.FOUNDING_ROSTER_CLOSED,
          'A roster was already installed; rosters now come only from certified elections',
        );
      }
      await assertTermFree(manager, termLabel);
      await this.installRoster(manager, {
        termLabel,
        seats,
        source: RosterSource.FOUNDING,
        actorId,
      });
    });
    return period;
  }

  // Until the caller's transaction ends, no roster is installed (founding appointment or
  // certification) and no other holder of this lock goes on: for a decision that depends on who sits
  // now. Reads of the roster are not blocked. Taken before the transaction's first audit entry, as
  // lockForInstall.
  async holdRosters(manager: EntityManager): Promise<void> {
    await manager.query('LOCK TABLE roster IN SHARE ROW EXCLUSIVE MODE');
  }

  // holdRosters, then FOR SHARE on the actor and every seat holder (the roster cannot change now):
  // a suspension or reactivation under way is waited for, and the seats read next show its
  // outcome. For acts decided on who sits and who is active when they commit. Says whether the
  // actor is active, as locked.
  // `termLabel`: the term whose holders were locked, for the caller to read its seats
  // (currentSeats(manager, termLabel)): the clock read again after the wait for the locks may stand
  // in the next term, whose holders no lock covers. A term that began while the locks were awaited
  // has its holders locked too.
  async holdRostersAndSeatHolders(
    manager: EntityManager,
    actorId: string,
  ): Promise<{ actorActive: boolean; termLabel: string }> {
    await this.holdRosters(manager);
    for (;;) {
      const termLabel = this.currentLabel();
      const holders = (await this.currentSeats(manager, termLabel)).map((seat) => seat.memberId);
      const locked = await lockMembers(manager, [actorId, ...holders]);
      if (this.currentLabel() !== termLabel) continue;
      return {
        actorActive: locked.some(
          (member) => member.id === actorId && member.status === MemberStatus.ACTIVE,
        ),
        termLabel,
      };
    }
  }

  // The locks installRoster takes, for a caller that must take them before its first audit entry
  // (CertificationService.lockForInstall). FOR SHARE also keeps the holders from being suspended
  // between the check that they are active and the commit.
  async lockForInstall(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<LockedMember[]> {
    await manager.query('LOCK TABLE roster IN ROW EXCLUSIVE MODE');
    return lockMembers(manager, memberIds);
  }

  // Installs a term's roster inside the caller's transaction (founding appointment or certification).
  async installRoster(
    manager: EntityManager,
    command: InstallRosterCommand,
  ): Promise<NumberedSeat[]> {
    const holders = command.seats.map((seat, index) =>
      assertUuid(seat.memberId, `seats.${index}.memberId`),
    );
    const seats = numberSeats(
      command.seats.map((seat, index) => ({ ...seat, memberId: holders[index] })),
    );
    const members = await this.lockForInstall(manager, holders);
    const statusOf = new Map(members.map((member) => [member.id, member.status]));
    // Each seat's holder named by its place in the input, as every other member reference is
    // (found by review: one error for the whole list, an unknown id called "not active").
    holders.forEach((memberId, index) => {
      const status = statusOf.get(memberId);
      if (status === undefined) {
        throw ValidationError.field(
          `seats.${index}.memberId`,
          'no such member',
          TermsReason.UNKNOWN_MEMBER,
        );
      }
      if (status !== MemberStatus.ACTIVE) {
        throw ValidationError.field(
          `seats.${index}.memberId`,
          'must be an active member',
          TermsReason.INACTIVE_SEAT_HOLDER,
        );
      }
    });
    await this.ensureTerm(manager, command.termLabel);
    const exists = await manager.existsBy(RosterEntity, { termLabel: command.termLabel });
    if (exists && command.fillVacancies) return this.fillVacantSeats(manager, command);
    if (exists) {
      throw new ConflictError(
        TermsReason.ROSTER_EXISTS,
        `The roster of ${command.termLabel} is already installed`,
      );
    }
    await manager.insert(RosterEntity, {
      termLabel: command.termLabel,
      source: command.source,
      electionId: command.electionId ?? null,
      installedBy: command.actorId,
      installedAt: this.clock.now(),
    });
    await manager.insert(
      SeatEntity,
      seats.map((seat) => ({ ...seat, termLabel: command.termLabel })),
    );
    await this.recordSeats(manager, 'terms.roster_installed', command, seats);
    return seats;
  }

  // Inside installRoster, under its locks.
  private async fillVacantSeats(
    manager: EntityManager,
    command: InstallRosterCommand,
  ): Promise<NumberedSeat[]> {
    const held = await manager.find(SeatEntity, {
      where: { termLabel: command.termLabel },
      select: { position: true, seatNo: true, memberId: true },
    });
    const seats = numberVacantSeats(held, command.seats);
    if (seats.length > 0) {
      await manager.insert(
        SeatEntity,
        seats.map((seat) => ({ ...seat, termLabel: command.termLabel })),
      );
    }
    await this.recordSeats(manager, 'terms.vacant_seats_filled', command, seats);
    return seats;
  }

  private recordSeats(
    manager: EntityManager,
    action: 'terms.roster_installed' | 'terms.vacant_seats_filled',
    command: InstallRosterCommand,
    seats: readonly NumberedSeat[],
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: command.actorId,
      action,
      entityType: 'term',
      entityId: command.termLabel,
      summary: {
        source: command.source,
        electionId: command.electionId ?? null,
        seats: seats.map((seat) => ({
          position: seat.position,
          seatNo: seat.seatNo,
          memberId: seat.memberId,
          portfolio: seat.portfolio,
        })),
      },
    });
  }

  // Every seat of the current term (or of the term given), with whether its holder is active. In
  // seat order.
  async currentSeats(
    manager: EntityManager,
    termLabel: string = this.currentLabel(),
  ): Promise<CurrentSeat[]> {
    const rows: Array<{ position: Position; seat_no: number; member_id: string; active: boolean }> =
      await manager.query(
        `SELECT s.position, s.seat_no, s.member_id, m.status = $2 AS active
           FROM seat s JOIN member m ON m.id = s.member_id
          WHERE s.term_label = $1
          ORDER BY s.position, s.seat_no`,
        [termLabel, MemberStatus.ACTIVE],
      );
    return rows.map((row) => ({
      position: row.position,
      seatNo: row.seat_no,
      memberId: row.member_id,
      holderActive: row.active,
    }));
  }
}
