import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MemberEntity, MemberStatus, OrganizationEntity, PasswordHasher } from '@council/accounts';
import { AuditService } from '@council/audit';
import {
  BallotAnswer,
  BallotsService,
  ElectionsQueryService,
  ElectionsService,
  NominationsService,
} from '@council/elections';
import {
  DEFAULT_CO_CHAIR_PORTFOLIOS,
  Position,
  TermsService,
  nextTermLabel,
  termName,
} from '@council/terms';
import { DEMO_MEMBERS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DemoOrganizationKey } from './demo-data';
import { DemoElection, DemoMeetingsSeeder } from './demo-meetings';

export interface DemoLogin {
  email: string;
  description: string;
}

export interface DemoSeedResult {
  created: boolean;
  logins: DemoLogin[];
  // Why nothing was loaded into a database that holds other members.
  skipped?: string;
}

// Marks the end of the last step: the steps run in transactions of their own (through the
// services), so a first start interrupted halfway leaves part of the demo, which is then refused.
const DEMO_COMPLETED = 'demo.completed';

// Loads the demo data once, into an empty database only: a council's real members never get the
// demo accounts (whose password is published) next to them.
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly terms: TermsService,
    private readonly meetings: DemoMeetingsSeeder,
    private readonly elections: ElectionsService,
    private readonly nominations: NominationsService,
    private readonly ballots: BallotsService,
    private readonly electionQueries: ElectionsQueryService,
  ) {}

  async seedOnce(): Promise<DemoSeedResult> {
    const logins = (created: boolean) =>
      DEMO_MEMBERS.map(({ email, description, whenLoaded }) => ({
        email,
        description: created && whenLoaded ? `${description}; ${whenLoaded}` : description,
      }));
    const [state]: Array<{ members: boolean; demo: boolean; completed: boolean }> =
      await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM member) AS members,
                EXISTS (SELECT 1 FROM member WHERE email = $1) AS demo,
                EXISTS (SELECT 1 FROM audit_entry WHERE action = $2)
                OR (-- loaded before the marker existed: its vote, the last step, was opened
                    NOT EXISTS (SELECT 1 FROM audit_entry
                                 WHERE action = 'demo.seeded' AND summary ? 'completionMarked')
                    AND EXISTS (SELECT 1 FROM audit_entry
                                 WHERE action = 'elections.voting_opened')) AS completed`,
        [DEMO_MEMBERS[0].email, DEMO_COMPLETED],
      );
    if (state.demo && !state.completed) {
      throw new Error(
        'The demo data was only partly loaded (the first start was interrupted). Start again on an empty database: delete DATA_DIR (./data by default) or create a new database.',
      );
    }
    if (state.demo) return { created: false, logins: await this.asTheyAreNow(logins(false)) };
    if (state.members) {
      const skipped =
        'SEED_DEMO is on, but the database already holds members: demo data is loaded only into an empty database';
      this.logger.warn(skipped);
      return { created: false, logins: [], skipped };
    }

    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const members = await this.dataSource.transaction(async (manager) => {
      const organizations = {} as Record<DemoOrganizationKey, OrganizationEntity>;
      for (const [key, organization] of Object.entries(DEMO_ORGANIZATIONS)) {
        organizations[key as DemoOrganizationKey] = await manager.save(
          manager.create(OrganizationEntity, organization),
        );
      }
      const byEmail = new Map<string, MemberEntity>();
      for (const demo of DEMO_MEMBERS) {
        const member = await manager.save(
          manager.create(MemberEntity, {
            email: demo.email,
            fullName: demo.fullName,
            organizationId: organizations[demo.organization].id,
            status: MemberStatus.ACTIVE,
            isAdmin: demo.isAdmin ?? false,
            passwordHash,
          }),
        );
        byEmail.set(demo.email, member);
      }
      await this.audit.record(manager, {
        actorId: null,
        action: 'demo.seeded',
        summary: {
          organizations: Object.keys(organizations).length,
          members: DEMO_MEMBERS.length,
          // This loading ends with DEMO_COMPLETED (older ones did not).
          completionMarked: true,
        },
      });
      return byEmail;
    });

    const id = (email: string) => members.get(email)!.id;
    const founding = [
      { position: Position.CHAIR, memberId: id('chair@council.example') },
      {
        position: Position.CO_CHAIR,
        memberId: id('cochair.regional@council.example'),
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
      },
      {
        position: Position.CO_CHAIR,
        memberId: id('cochair.federal@council.example'),
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
      },
      { position: Position.EXECUTIVE_SECRETARY, memberId: id('secretary@council.example') },
    ];
    await this.elections.appointFoundingRoster(
      id('admin@council.example'),
      this.terms.currentLabel(),
      founding,
    );
    const election = await this.seedElection(id);
    await this.meetings.seed(id, election);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { actorId: null, action: DEMO_COMPLETED }),
    );
    this.logger.log('demo data loaded');
    return { created: true, logins: logins(true) };
  }

  // On a later start the council may have moved on: each account is described by the seats it
  // holds in the current term (found by review: after 1 January the banner still named the
  // founding leaders, who then had no seat), and one no longer active is said to be.
  private async asTheyAreNow(logins: DemoLogin[]): Promise<DemoLogin[]> {
    const termLabel = this.terms.currentLabel();
    const [rows, seats] = await Promise.all([
      this.dataSource.query<
        Array<{ id: string; email: string; status: MemberStatus; isAdmin: boolean }>
      >(
        `SELECT id, email, status, is_admin AS "isAdmin" FROM member WHERE email = ANY($1::text[])`,
        [logins.map((login) => login.email)],
      ),
      this.terms.rosterOf(termLabel),
    ]);
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    return logins.map((login) => {
      const member = byEmail.get(login.email);
      if (!member) return { ...login, description: `${login.description}; gone, cannot log in` };
      const held = seats
        .filter((seat) => seat.memberId === member.id)
        .map((seat) => seatDescription(seat.position, seat.portfolio, termLabel));
      const who = [...(member.isAdmin ? ['operator staff (ADMIN)'] : []), ...held];
      const description = who.length > 0 ? who.join(', ') : 'member';
      return {
        ...login,
        description:
          member.status === MemberStatus.ACTIVE
            ? description
            : `${description}; ${member.status.toLowerCase()}, cannot log in`,
      };
    });
  }

  // The election of the next term's leadership, with the vote open and five ballots in:
  // member8@ has not voted yet, so a newcomer can vote and watch the turnout. Seeded before the
  // upcoming meeting, whose agenda names it.
  private async seedElection(id: (email: string) => string): Promise<DemoElection> {
    const secretary = id('secretary@council.example');
    const termLabel = nextTermLabel(this.terms.currentLabel());
    const election = await this.elections.createElection(secretary, {
      termLabel,
      title: `Выборы руководства Совета на ${termName(termLabel, 'RU')}`,
    });
    await this.elections.openNominations(secretary, election.id);
    const [contests] = await this.electionQueries.contestsOfElections([election.id]);
    const [chair, regional, federal, executive] = contests.map((contest) => contest.id);
    // The chair and the regional co-chair do not stand again: once the vote is closed, the
    // regional co-chair approves in their own right and the chair stands in for the federal
    // co-chair, who stands again and recuses (the usual path, not the ADMIN's last resort).
    const candidacies: Array<[string, string]> = [
      [chair, 'member6@council.example'],
      [chair, 'member1@council.example'],
      [regional, 'member4@council.example'],
      [federal, 'cochair.federal@council.example'],
      [federal, 'member3@council.example'],
      [executive, 'secretary@council.example'],
    ];
    for (const [contestId, email] of candidacies) {
      const nomination = await this.nominations.nominate(
        id('member2@council.example'),
        contestId,
        id(email),
      );
      await this.nominations.respondToNomination(id(email), nomination.id, true);
    }
    await this.elections.openVoting(secretary, election.id);
    const votes: Array<[string, string, string]> = [
      ['member2@council.example', 'member6@council.example', 'member3@council.example'],
      ['member4@council.example', 'member1@council.example', 'cochair.federal@council.example'],
      ['member5@council.example', 'member6@council.example', 'cochair.federal@council.example'],
      ['member6@council.example', 'member6@council.example', 'member3@council.example'],
      ['member7@council.example', 'member1@council.example', 'cochair.federal@council.example'],
    ];
    for (const [voter, chairPick, federalPick] of votes) {
      await this.ballots.castBallot(id(voter), election.id, [
        { contestId: chair, candidateIds: [id(chairPick)] },
        { contestId: regional, answer: BallotAnswer.YES },
        { contestId: federal, candidateIds: [id(federalPick)] },
        { contestId: executive, answer: BallotAnswer.YES },
      ]);
    }
    return { id: election.id, termLabel };
  }
}

function seatDescription(position: Position, portfolio: string | null, termLabel: string): string {
  switch (position) {
    case Position.CHAIR:
      return `chair of ${termLabel}`;
    case Position.CO_CHAIR:
      return `co-chair of ${termLabel}${portfolio ? ` (${portfolio})` : ''}`;
    case Position.EXECUTIVE_SECRETARY:
      return `executive secretary of ${termLabel}`;
  }
}
