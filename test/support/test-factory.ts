import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import { Clock } from '@council/core';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccessTokenService,
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
  termLabelAt,
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
interface RenewableToken {
  memberId: string;
  sessionId: string;
  token: string;
  expiresAt: Date;
}

export class TestFactory {
  private organizationId?: string;
  private readonly renewable = new Map<string, RenewableToken>();

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

  // A new session's access token. The test client sends it renewed (renewedToken) once the app's
  // clock has left its 15 minutes.
  async tokenFor(member: MemberEntity): Promise<string> {
    const sessions = this.app.get(SessionService);
    const tokens = await this.dataSource.transaction((manager) =>
      sessions.startSession(manager, member.id),
    );
    this.renewable.set(tokens.accessToken, {
      memberId: member.id,
      sessionId: tokens.sessionId,
      token: tokens.accessToken,
      expiresAt: tokens.accessTokenExpiresAt,
    });
    return tokens.accessToken;
  }

  // What the test client sends for a token this factory handed out: the token itself until a
  // minute before its expiry on the app's clock, then a new one for the same session, as a client
  // renews its own. Tests move the clock by days (to a meeting's day, past a term's end) and the
  // expiry is read on that clock. A clock moved back keeps the token while it is less than a
  // lifetime before its issue, so a token from an instance ahead reaches one behind as in service.
  // The session stays the same, so a log-out, a suspension or a revoked session still refuse it.
  // Tokens from a log-in, or crafted, are sent as they are.
  // clock: that of the instance the token goes to (another instance's, in tests with two).
  renewedToken(token: string, clock: Clock = this.app.get(Clock)): string {
    const renewable = this.renewable.get(token);
    if (!renewable) return token;
    const now = clock.now();
    // Moved back more than a lifetime before the token's issue: a token issued so far ahead is refused.
    const issuedAt = renewable.expiresAt.getTime() - ACCESS_TOKEN_TTL_SECONDS * 1000;
    const earliest = issuedAt - ACCESS_TOKEN_TTL_SECONDS * 1000;
    if (now.getTime() >= renewable.expiresAt.getTime() - 60_000 || now.getTime() < earliest) {
      const issued = this.app
        .get(AccessTokenService)
        .issue({ memberId: renewable.memberId, sessionId: renewable.sessionId }, now);
      Object.assign(renewable, { token: issued.token, expiresAt: issued.expiresAt });
    }
    return renewable.token;
  }

  async signedIn(options: Parameters<TestFactory['member']>[0] = {}): Promise<SignedIn> {
    const member = await this.member(options);
    return { member, token: await this.tokenFor(member) };
  }

  // Members who only need to exist and be signed in (candidates, voters, stand-ins).
  signedInMany(count: number): Promise<SignedIn[]> {
    return Promise.all(Array.from({ length: count }, () => this.signedIn()));
  }

  private currentTermsWithinTheHour(): string[] {
    // termLabelAt, not currentLabel: the app's remembered current term stays as it is.
    const zone = this.app.get(TermsService).timeZone;
    const now = this.app.get(Clock).now();
    const current = termLabelAt(now, zone);
    const inAnHour = termLabelAt(new Date(now.getTime() + 60 * 60 * 1000), zone);
    return inAnHour === current ? [current] : [current, inAnHour];
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

  // A full leadership for a term, each signed in. By default the current term's, and the next
  // term's too when it begins within the hour: roles follow the current term, so a file on the
  // real clock that ran across midnight in Moscow on 1 January or 1 July lost its leaders halfway
  // (PERMISSION_DENIED).
  async leadership(termLabel?: string): Promise<Leadership> {
    const [admin, chair, coChairRegional, coChairFederal, secretary, member] = await Promise.all([
      this.signedIn({ isAdmin: true, fullName: 'Администратор Тестовый' }),
      this.signedIn({ fullName: 'Председатель Тестовый' }),
      this.signedIn({ fullName: 'Сопредседатель Региональный' }),
      this.signedIn({ fullName: 'Сопредседатель Федеральный' }),
      this.signedIn({ fullName: 'Секретарь Тестовый' }),
      this.signedIn({ fullName: 'Участник Тестовый' }),
    ]);
    const seats = leadershipSeats({
      chair,
      coChairs: [coChairRegional, coChairFederal],
      secretary,
    });
    for (const label of termLabel ? [termLabel] : this.currentTermsWithinTheHour()) {
      await this.installRoster(label, seats);
    }
    return { admin, chair, coChairRegional, coChairFederal, secretary, member };
  }
}
