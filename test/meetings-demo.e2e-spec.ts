import { AuditService } from '@council/audit';
import { sha256Hex } from '@council/core';
import { MinutesReader } from '@council/meetings';
import { DEMO_PASSWORD } from '../apps/api/src/seed/demo-data';
import { DemoSeeder } from '../apps/api/src/seed/demo-seeder';
import { TestApp, createTestApp } from './support/test-app';

const PAGE = `{ meetings(first: 10) { totalCount edges { node {
  title startsAt startsAtLocal location status agendaRevision quorate
  agenda { position title kind presenter { fullName } election { status title term { name(language: RU) status } } }
  minutes { status version contentHash canonicalContent approvedBy { fullName }
    items { agendaItemTitle decisions { text votesFor outcome } actionItems { title status } } } } } } }`;

describe('demo data: the meeting of 20 December 2019 and an upcoming one (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function login(email: string): Promise<string> {
    const data = await t.client.ok(
      `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken } }`,
      { e: email, p: DEMO_PASSWORD },
    );
    return data.login.accessToken as string;
  }

  it('seeds both meetings once, with approved, sealed minutes for 2019', async () => {
    expect((await t.app.get(DemoSeeder).seedOnce()).created).toBe(true);
    const member = await login('member1@council.example');
    const page = (await t.client.ok(PAGE, {}, member)).meetings;
    expect(page.totalCount).toBe(2);
    const [upcoming, december] = page.edges.map((edge: any) => edge.node);

    expect(upcoming).toMatchObject({ status: 'PUBLISHED', agendaRevision: 1, minutes: null });
    expect(new Date(upcoming.startsAt).getTime()).toBeGreaterThan(Date.now());
    expect(upcoming.startsAtLocal).toMatch(/T11:00:00\.000\+03:00$/);
    expect(upcoming.agenda).toHaveLength(5);
    // The agenda names the election of the next term's leadership, whose vote is open.
    const named = upcoming.agenda.filter((item: any) => item.election !== null);
    expect(named).toEqual([
      {
        position: 4,
        title: expect.stringMatching(/^Об итогах выборов руководителей Совета на /),
        kind: 'ELECTION',
        presenter: { fullName: expect.any(String) },
        election: {
          status: 'VOTING',
          title: expect.any(String),
          term: { name: expect.any(String), status: 'UPCOMING' },
        },
      },
    ]);
    // The term in words, as the council writes it ("на первое полугодие 2027 года"), the
    // election's title too.
    const term = named[0].election.term.name;
    expect(term).toMatch(/^(первое|второе) полугодие \d{4} года$/);
    expect(named[0].title).toBe(`Об итогах выборов руководителей Совета на ${term}`);
    expect(named[0].election.title).toBe(`Выборы руководства Совета на ${term}`);

    expect(december).toMatchObject({
      title: 'Заседание Совета кластеров Санкт-Петербурга',
      startsAt: '2019-12-20T08:00:00.000Z',
      startsAtLocal: '2019-12-20T11:00:00.000+03:00',
      location: 'АО «Технопарк Санкт-Петербурга»',
      status: 'HELD',
      quorate: true,
    });
    expect(december.agenda.map((item: any) => [item.position, item.title, item.kind])).toEqual([
      [1, 'Об итогах работы Совета кластеров Санкт-Петербурга в 2019 году', 'INFORMATION'],
      [2, 'Об избрании руководителей Совета на первое полугодие 2020 года', 'ELECTION'],
      [3, 'О кооперационных направлениях работы Совета на 2020 год', 'DECISION'],
    ]);
    expect(december.agenda.every((item: any) => item.election === null)).toBe(true);
    expect(december.minutes).toMatchObject({
      status: 'APPROVED',
      version: 1,
      approvedBy: { fullName: 'Лебедев Николай Андреевич' },
    });
    expect(sha256Hex(december.minutes.canonicalContent)).toBe(december.minutes.contentHash);
    expect(december.minutes.items[1].decisions).toHaveLength(4);
    expect(december.minutes.items[2].actionItems.map((item: any) => item.status)).toEqual([
      'DONE',
      'DONE',
      'DONE',
    ]);
    const mine = (await t.client.ok(`{ myActionItems { title status isOverdue } }`, {}, member))
      .myActionItems;
    expect(mine).toEqual([
      {
        title: 'Сформировать рабочую группу по электротранспорту и зарядной инфраструктуре',
        status: 'DONE',
        isOverdue: false,
      },
    ]);

    // Once only: a second run leaves everything as it is.
    expect((await t.app.get(DemoSeeder).seedOnce()).created).toBe(false);
    expect((await t.client.ok(PAGE, {}, member)).meetings.totalCount).toBe(2);
    const [{ id }] = await t.dataSource.query(
      `SELECT id FROM meeting WHERE starts_at = '2019-12-20T08:00:00Z'`,
    );
    expect((await t.app.get(MinutesReader).verify(id)).firstBreak).toBeNull();
    expect((await t.app.get(AuditService).verifyChain()).firstBreak).toBeNull();
  });
});
