import {
  APPROVE,
  ElectionDriver,
  NO_QUORUM_RULE,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Every explanation in Russian too (explanation(language: RU)), with English for a row tallied
// before the Russian text was stored.
const IN_BOTH = `query($id: ID!) { election(id: $id) {
  en: explanation ru: explanation(language: RU)
  ruleset { quorumDescription ru: quorumDescription(language: RU) }
  contests { status en: explanation ru: explanation(language: RU)
    results { member { id } outcome en: explanation ru: explanation(language: RU) } } } }`;

describe('explanations in Russian (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  const read = async (id: string) =>
    (await t.client.ok(IN_BOTH, { id }, leaders.member.token)).election;
  const nameOf = (who: SignedIn) => who.member.fullName;

  it('explains a closed election in Russian at every level, and in English by default', async () => {
    const [a, b, s, v] = await t.factory.signedInMany(4);
    const election = await driver.voting(
      {
        contests: [{ position: 'CHAIR', majority: 'SIMPLE' }, { position: 'EXECUTIVE_SECRETARY' }],
        ruleset: { quorumNumerator: 1, quorumDenominator: 10, quorumComparison: 'AT_LEAST' },
      },
      [[person(a), person(b)], [person(s)]],
    );
    const [chair, secretarySeat] = election.contests.map((contest) => contest.id);
    for (const [voter, pick, answer] of [
      [a, a, 'YES'],
      [b, b, 'YES'],
      [s, a, 'NO'],
      [v, a, 'YES'],
    ] as const) {
      await driver.cast(election.id, voter.token, [
        { contestId: chair, candidateIds: [pick.member.id] },
        { contestId: secretarySeat, answer },
      ]);
    }
    const closed = await driver.close(election.id);
    const { electorateSize } = closed;
    const quorum = Math.ceil(electorateSize / 10);
    expect(closed).toMatchObject({ turnout: 4, quorumReached: true });

    const found = await read(election.id);
    expect(found.en).toBe(
      `Turnout 4 of ${electorateSize} (quorum ${quorum}: at least 1/10 of the electorate): reached.`,
    );
    expect(found.ru).toBe(
      `Явка: 4 из ${electorateSize} (кворум ${quorum}: не менее 1/10 избирателей) — кворум достигнут.`,
    );
    expect(found.ruleset).toEqual({
      quorumDescription: 'at least 1/10 of the electorate',
      ru: 'не менее 1/10 избирателей',
    });
    const [chairContest, secretaryContest] = found.contests;
    expect(chairContest.en).toMatch(/^Chair, 1 seat, SIMPLE majority/);
    expect(chairContest.ru).toMatch(
      /^Председатель, 1 место, простое большинство: более половины от 4 действительных бюллетеней, т\. е\. не менее 3\. Действительных бюллетеней — 4, воздержались — 0\. /,
    );
    const chairResults = Object.fromEntries(
      chairContest.results.map((r: any) => [r.member.id, r.ru]),
    );
    expect(chairResults[a.member.id]).toBe(
      `${nameOf(a)}: 3 голоса из 4 действительных бюллетеней, порог простого большинства — 3 голоса, итог: избирается`,
    );
    expect(secretaryContest.ru).toMatch(/^Ответственный секретарь, 1 место, /);
    expect(secretaryContest.results[0].ru).toMatch(
      new RegExp(
        `^${nameOf(s)}: «за» — 3, «против» — 1 из 4 действительных бюллетеней; условие избрания: «за» больше, чем «против», и относительное большинство`,
      ),
    );
  });

  it('appends the Russian runoff settlement, and records a paper result in both languages', async () => {
    const [a, b, c, d] = await t.factory.signedInMany(4);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const chair = election.contests[0].id;
    await driver.cast(election.id, c.token, [{ contestId: chair, candidateIds: [a.member.id] }]);
    await driver.cast(election.id, d.token, [{ contestId: chair, candidateIds: [b.member.id] }]);
    await driver.close(election.id);
    const tallied = await read(election.id);
    expect(tallied.contests[0].ru).toMatch(
      / Равенство голосов за последнее место: 1 место определит повторное голосование\.$/,
    );

    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    await driver.paper({
      electionId: runoff.id,
      ballotsCast: 3,
      contests: [
        paperCount(runoff.contests[0].id, [
          [a, 2],
          [b, 1],
        ]),
      ],
    });
    const paper = await read(runoff.id);
    expect(paper.ru).toMatch(
      /^Явка: 3 из \d+ \(кворум 0: не менее нуля избирателей\) — кворум достигнут\.$/,
    );
    expect(paper.contests[0].ru).toMatch(/^Председатель, 1 место, относительное большинство/);
    await t.client.ok(APPROVE, { id: runoff.id }, leaders.coChairRegional.token);
    await t.client.ok(APPROVE, { id: runoff.id }, leaders.coChairFederal.token);

    const settled = await read(election.id);
    const [contest] = settled.contests;
    expect(contest.status).toBe('DECIDED');
    expect(contest.en).toContain(`certified: ${nameOf(a)} elected.`);
    expect(contest.ru).toMatch(
      new RegExp(
        ` Равенство голосов за последнее место: 1 место определит повторное голосование\\. Повторное голосование по должности «Председатель» утверждено: избирается ${nameOf(a)}\\.$`,
      ),
    );
    const byMember = Object.fromEntries(contest.results.map((r: any) => [r.member.id, r]));
    expect(byMember[a.member.id].ru).toMatch(
      /итог: равенство голосов за последнее место, участвует в повторном голосовании; повторное голосование: избирается$/,
    );
    expect(byMember[b.member.id].ru).toMatch(/; повторное голосование: не избирается$/);
    expect(byMember[a.member.id].en).toMatch(/; runoff: elected$/);
  });

  it('answers in English for a row tallied before the Russian text was stored', async () => {
    const [a, v] = await t.factory.signedInMany(2);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a)]],
    );
    await driver.cast(election.id, v.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);
    await driver.close(election.id);
    await t.dataSource.query(`UPDATE election SET explanation_ru = NULL WHERE id = $1`, [
      election.id,
    ]);
    await t.dataSource.query(
      `UPDATE election_contest SET explanation_ru = NULL WHERE election_id = $1`,
      [election.id],
    );
    await t.dataSource.query(
      `UPDATE election_contest_result SET explanation_ru = NULL
        WHERE contest_id IN (SELECT id FROM election_contest WHERE election_id = $1)`,
      [election.id],
    );
    const found = await read(election.id);
    expect(found.ru).toBe(found.en);
    expect(found.ru).toMatch(/^Turnout 1 of /);
    expect(found.contests[0].ru).toBe(found.contests[0].en);
    expect(found.contests[0].results[0].ru).toBe(found.contests[0].results[0].en);
    expect(found.contests[0].results[0].ru).toMatch(/^.+: Yes 1, No 0 of 1 valid ballot;/);
  });

  it('names a default portfolio in Russian on the ballot and on the roster', async () => {
    const election = await driver.create({
      contests: [
        { position: 'CO_CHAIR', portfolio: 'Relations with regional authorities' },
        { position: 'CO_CHAIR', portfolio: 'Цифровая экономика' },
      ],
    });
    const read = await t.client.ok(
      `query($id: ID!) {
        election(id: $id) { contests { en: portfolio ru: portfolio(language: RU) } }
        currentTerm { roster { position en: portfolio ru: portfolio(language: RU) } } }`,
      { id: election.id },
      leaders.member.token,
    );
    expect(read.election.contests).toEqual([
      {
        en: 'Relations with regional authorities',
        ru: 'взаимоотношения с региональными органами власти',
      },
      { en: 'Цифровая экономика', ru: 'Цифровая экономика' },
    ]);
    const coChairs = read.currentTerm.roster.filter(
      (seat: { position: string }) => seat.position === 'CO_CHAIR',
    );
    expect(coChairs.map((seat: { ru: string }) => seat.ru)).toEqual([
      'взаимоотношения с региональными органами власти',
      'взаимоотношения с федеральными органами власти',
    ]);
    const chair = read.currentTerm.roster.find(
      (seat: { position: string }) => seat.position === 'CHAIR',
    );
    expect([chair.en, chair.ru]).toEqual([null, null]);
  });
});
