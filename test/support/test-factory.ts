import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import {
  MemberEntity,
  MemberStatus,
  OrganizationEntity,
  PasswordHasher,
  SessionService,
} from '@council/accounts';
import {
  DEFAULT_CO_CHAIR_PORTFOLIOS,
  Position,
  RosterSource,
  SeatAssignment,
  TermsService,
} from '@council/terms';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  member: MemberEntity;
  token: string;
}

export interface Leadership {
  admin: SignedIn;
  chair: SignedIn;
  coChairRegional: SignedIn;
  coChairFederal: SignedIn;
  secretary: SignedIn;
  member: SignedIn;
}

// The seats of a leadership: the chair, up to two co-chairs (the first with the first default
// portfolio, the second with the second) and the executive secretary; a seat left out stays vacant.
export function leadershipSeats(leaders: {
  chair?: { member: { id: string } };
  coChairs?: Array<{ member: { id: string } }>;
  secretary?: { member: { id: string } };
}): SeatAssignment[] {
  return [
    ...(leaders.chair ? [{ position: Position.CHAIR, memberId: leaders.chair.member.id }] : []),
    ...(leaders.coChairs ?? []).map((coChair, index) => ({
      position: Position.CO_CHAIR,
      memberId: coChair.member.id,
      portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[index],
    })),
    ...(leaders.secretary
      ? [{ position: Position.EXECUTIVE_SECRETARY, memberId: leaders.secretary.member.id }]
      : []),
  ];
}

let sharedHash: Promise<string> | undefined;

// Builders with intention-revealing names; every call makes fresh, unique rows.
export class TestFactory {
  private organizationId?: string;

  constructor(
    private readonly app: INestApplication,
    private readonly dataSource: DataSource,
  ) {}

  async organization(name = `Кластер ${randomUUID().slice(0, 8)}`): Promise<OrganizationEntity> {
    return this.dataSource
      .getRepository(OrganizationEntity)
      .save({ name, shortName: name.slice(0, 30) });
  }

  async member(
    options: Partial<
      Pick<MemberEntity, 'email' | 'fullName' | 'status' | 'isAdmin' | 'organizationId'>
    > = {},
  ): Promise<MemberEntity> {
    sharedHash ??= this.app.get(PasswordHasher).hash(TEST_PASSWORD);
    this.organizationId ??= (await this.organization()).id;
    const unique = randomUUID().slice(0, 8);
    const saved = await this.dataSource.getRepository(MemberEntity).save({
      email: options.email ?? `member-${unique}@council.test`,
      fullName: options.fullName ?? `Участник ${unique}`,
      organizationId: options.organizationId ?? this.organizationId,
      status: options.status ?? MemberStatus.ACTIVE,
      isAdmin: options.isAdmin ?? false,
      passwordHash: await sharedHash,
    });
    const { passwordHash: _hidden, ...member } = saved;
    return member as MemberEntity;
  }

  async tokenFor(member: MemberEntity): Promise<string> {
    const sessions = this.app.get(SessionService);
    const tokens = await this.dataSource.transaction((manager) =>
      sessions.startSession(manager, member.id),
    );
    return tokens.accessToken;
  }

  async signedIn(options: Parameters<TestFactory['member']>[0] = {}): Promise<SignedIn> {
    const member = await this.member(options);
    return { member, token: await this.tokenFor(member) };
  }

  // Members who only need to exist and be signed in (candidates, voters, stand-ins).
  signedInMany(count: number): Promise<SignedIn[]> {
    return Promise.all(Array.from({ length: count }, () => this.signedIn()));
  }

  async installRoster(termLabel: string, seats: SeatAssignment[]): Promise<void> {
    const terms = this.app.get(TermsService);
    await this.dataSource.transaction((manager) =>
      terms.installRoster(manager, {
        termLabel,
        seats,
        source: RosterSource.ELECTION,
        actorId: null,
      }),
    );
  }

  // A full leadership for a term (the current one by default), each signed in.
  async leadership(termLabel = this.app.get(TermsService).currentLabel()): Promise<Leadership> {
    const [admin, chair, coChairRegional, coChairFederal, secretary, member] = await Promise.all([
      this.signedIn({ isAdmin: true, fullName: 'Администратор Тестовый' }),
      this.signedIn({ fullName: 'Председатель Тестовый' }),
      this.signedIn({ fullName: 'Сопредседатель Региональный' }),
      this.signedIn({ fullName: 'Сопредседатель Федеральный' }),
      this.signedIn({ fullName: 'Секретарь Тестовый' }),
      this.signedIn({ fullName: 'Участник Тестовый' }),
    ]);
    await this.installRoster(
      termLabel,
      leadershipSeats({ chair, coChairs: [coChairRegional, coChairFederal], secretary }),
    );
    return { admin, chair, coChairRegional, coChairFederal, secretary, member };
  }
}
