import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AccessService, Principal } from '@council/access';
import { AppConfig } from '@council/config';
import { Clock } from '@council/core';
import { termName } from '@council/terms';
import {
  ActionItemStatus,
  ActionItemsService,
  AgendaItemKind,
  AgendaService,
  AttendanceService,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingsService,
  MinutesApprovalService,
  MinutesDraftingService,
} from '@council/meetings';

type Email = string;

interface DemoAgendaItem {
  title: string;
  description?: string;
  presenter: Email;
  durationMinutes: number;
  kind: AgendaItemKind;
  electionId?: string;
}

// The election of the next term's leadership, which the upcoming meeting's agenda names.
export interface DemoElection {
  id: string;
  termLabel: string;
}

const TECHNOPARK = 'АО «Технопарк Санкт-Петербурга»';

const COOPERATION_DIRECTIONS = [
  'развитие системы промышленных поставщиков и субконтрактинга для предприятий автомобильной промышленности',
  'развитие электротранспорта и зарядной инфраструктуры в регионе',
  'создание и развитие объектов индустриальной и технологической инфраструктуры',
  'реализация проектов в рамках городской инновационной программы «Умный Санкт-Петербург»',
  'развитие системы подготовки кадров, создание Центров оценки квалификации',
];

// The council's meeting of 20 December 2019 (seed document): results of 2019, the leadership for
// the first half of 2020, cooperation directions for 2020. People are the fictional demo members.
const DECEMBER_2019 = {
  title: 'Заседание Совета кластеров Санкт-Петербурга',
  startsAt: '2019-12-20T11:00:00+03:00',
  location: TECHNOPARK,
  agenda: [
    {
      title: 'Об итогах работы Совета кластеров Санкт-Петербурга в 2019 году',
      description:
        'Совет создан 15 марта 2019 года по решению управляющих компаний кластеров Санкт-Петербурга ' +
        'как постоянно действующий совещательный коллегиальный экспертно-консультационный орган ' +
        'в области кластерной политики региона.',
      presenter: 'secretary@council.example',
      durationMinutes: 30,
      kind: AgendaItemKind.INFORMATION,
    },
    {
      title: 'Об избрании руководителей Совета на первое полугодие 2020 года',
      description:
        'Председатель Совета, два сопредседателя (взаимоотношения с региональными и с федеральными ' +
        'органами власти) и ответственный секретарь.',
      presenter: 'secretary@council.example',
      durationMinutes: 40,
      kind: AgendaItemKind.ELECTION,
    },
    {
      title: 'О кооперационных направлениях работы Совета на 2020 год',
      description: `Межкластерная кооперация по проектному принципу: ${COOPERATION_DIRECTIONS.join('; ')}.`,
      presenter: 'cochair.regional@council.example',
      durationMinutes: 45,
      kind: AgendaItemKind.DECISION,
    },
  ] satisfies DemoAgendaItem[],
  present: [
    'chair@council.example',
    'cochair.regional@council.example',
    'cochair.federal@council.example',
    'secretary@council.example',
    'member1@council.example',
    'member2@council.example',
    'member3@council.example',
    'member4@council.example',
    'member5@council.example',
    'member6@council.example',
  ],
  absent: ['admin@council.example', 'member7@council.example'],
  excused: ['member8@council.example'],
};

const upcomingAgenda = (election: DemoElection): DemoAgendaItem[] => [
  {
    title: 'О ходе реализации кооперационных проектов Совета',
    presenter: 'cochair.regional@council.example',
    durationMinutes: 30,
    kind: AgendaItemKind.DISCUSSION,
  },
  {
    title:
      'Об интеграции предприятий кластеров в региональные проекты Санкт-Петербурга в рамках национальных проектов',
    presenter: 'cochair.federal@council.example',
    durationMinutes: 30,
    kind: AgendaItemKind.DISCUSSION,
  },
  {
    title: 'О развитии системы подготовки кадров и создании Центров оценки квалификации',
    description:
      'Проект решения: сформировать рабочую группу из представителей кластеров и Центра кластерного развития.',
    presenter: 'member3@council.example',
    durationMinutes: 20,
    kind: AgendaItemKind.DECISION,
  },
  {
    title: `Об итогах выборов руководителей Совета на ${termName(election.termLabel, 'RU')}`,
    description: 'Тайное голосование проходит на портале; итоги утверждают сопредседатели Совета.',
    presenter: 'secretary@council.example',
    durationMinutes: 15,
    kind: AgendaItemKind.ELECTION,
    electionId: election.id,
  },
  {
    title: 'Разное',
    presenter: 'secretary@council.example',
    durationMinutes: 10,
    kind: AgendaItemKind.INFORMATION,
  },
];

const adopted = (text: string, votesFor: number, votesAbstained = 0) => ({
  text,
  votesFor,
  votesAgainst: 0,
  votesAbstained,
  outcome: DecisionOutcome.ADOPTED,
});

// Demo meetings, made through the same services (and audit) as real ones: the meeting of
// 20 December 2019 with approved minutes, and an upcoming one with a published agenda.
@Injectable()
export class DemoMeetingsSeeder {
  constructor(
    private readonly access: AccessService,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly attendance: AttendanceService,
    private readonly minutesDrafting: MinutesDraftingService,
    private readonly minutesApproval: MinutesApprovalService,
    private readonly actionItems: ActionItemsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async seed(idOf: (email: Email) => string, election: DemoElection): Promise<void> {
    const secretary = await this.actingAs(idOf('secretary@council.example'));
    const chair = await this.actingAs(idOf('chair@council.example'));
    await this.seedDecember2019(idOf, secretary, chair);
    await this.seedUpcoming(idOf, secretary, election);
  }

  private async actingAs(memberId: string): Promise<Principal> {
    return new Principal(memberId, 'demo-seed', await this.access.rolesOf(memberId));
  }

  private async addAgenda(
    secretary: Principal,
    meetingId: string,
    items: DemoAgendaItem[],
    idOf: (email: Email) => string,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const item of items) {
      const added = await this.agenda.add(secretary, {
        meetingId,
        title: item.title,
        description: item.description ?? null,
        presenterId: idOf(item.presenter),
        durationMinutes: item.durationMinutes,
        kind: item.kind,
        electionId: item.electionId ?? null,
      });
      ids.push(added.id);
    }
    return ids;
  }

  private async seedDecember2019(
    idOf: (email: Email) => string,
    secretary: Principal,
    chair: Principal,
  ): Promise<void> {
    const meeting = await this.meetings.schedule(secretary, {
      title: DECEMBER_2019.title,
      startsAt: new Date(DECEMBER_2019.startsAt),
      location: DECEMBER_2019.location,
      format: MeetingFormat.IN_PERSON,
    });
    const [results, election, directions] = await this.addAgenda(
      secretary,
      meeting.id,
      DECEMBER_2019.agenda,
      idOf,
    );
    await this.agenda.publish(secretary, meeting.id);
    await this.attendance.record(secretary, meeting.id, [
      ...DECEMBER_2019.present.map((email) => ({
        memberId: idOf(email),
        status: AttendanceStatus.PRESENT,
      })),
      ...DECEMBER_2019.absent.map((email) => ({
        memberId: idOf(email),
        status: AttendanceStatus.ABSENT,
      })),
      ...DECEMBER_2019.excused.map((email) => ({
        memberId: idOf(email),
        status: AttendanceStatus.EXCUSED,
      })),
    ]);
    const saved = await this.minutesDrafting.save(secretary, {
      meetingId: meeting.id,
      baseVersion: 0,
      items: [
        {
          agendaItemId: results,
          discussion:
            'Ответственный секретарь доложила об итогах работы Совета с момента его создания ' +
            '15 марта 2019 года: сформирован состав Совета, определены его цель (интеграция ' +
            'предприятий кластеров в региональные проекты Санкт-Петербурга в рамках национальных ' +
            'проектов) и функции, начата работа по проектному принципу.',
          decisions: [
            adopted(
              'Принять к сведению информацию об итогах работы Совета кластеров Санкт-Петербурга в 2019 году.',
              10,
            ),
          ],
        },
        {
          agendaItemId: election,
          discussion: 'Проведены выборы руководителей Совета на первое полугодие 2020 года.',
          decisions: [
            adopted(
              'Избрать Председателем Совета Н. А. Лебедева (Санкт-Петербургский кластер чистых технологий для городской среды).',
              9,
              1,
            ),
            adopted(
              'Избрать сопредседателем Совета, ответственным за взаимоотношения Совета с региональными органами власти, В. П. Соколова (Композитный кластер Санкт-Петербурга).',
              10,
            ),
            adopted(
              'Избрать сопредседателем Совета, ответственной за взаимоотношения Совета с федеральными органами власти, М. О. Кузнецову (Кластер медицинского, экологического приборостроения и биотехнологий).',
              10,
            ),
            adopted(
              'Избрать ответственным секретарём Совета Е. В. Смирнову (Центр кластерного развития АО «Технопарк Санкт-Петербурга»).',
              10,
            ),
          ],
        },
        {
          agendaItemId: directions,
          discussion: `Обсуждены направления межкластерной кооперации: ${COOPERATION_DIRECTIONS.join('; ')}.`,
          decisions: [
            adopted(
              'Утвердить кооперационные направления работы Совета на 2020 год и реализовывать их по проектному принципу.',
              10,
            ),
          ],
          actionItems: [
            {
              title:
                'Подготовить дорожную карту развития системы промышленных поставщиков и субконтрактинга для автомобильной промышленности',
              assigneeId: idOf('member2@council.example'),
              dueOn: '2020-03-31',
            },
            {
              title: 'Сформировать рабочую группу по электротранспорту и зарядной инфраструктуре',
              assigneeId: idOf('member1@council.example'),
              dueOn: '2020-02-28',
            },
            {
              title: 'Подготовить предложения по проектам программы «Умный Санкт-Петербург»',
              assigneeId: idOf('member3@council.example'),
              dueOn: '2020-04-30',
            },
          ],
        },
      ],
    });
    await this.minutesApproval.submit(secretary, meeting.id);
    await this.minutesApproval.approve(chair, meeting.id);
    // Long done: the 2019 action items are closed.
    for (const item of saved.items.flatMap((entry) => entry.actionItems)) {
      await this.actionItems.update(secretary, item.id, ActionItemStatus.DONE);
    }
  }

  private async seedUpcoming(
    idOf: (email: Email) => string,
    secretary: Principal,
    election: DemoElection,
  ): Promise<void> {
    // Three weeks ahead, at 11:00 in the council's time zone.
    const startsAt = DateTime.fromJSDate(this.clock.now(), { zone: this.config.COUNCIL_TIME_ZONE })
      .plus({ weeks: 3 })
      .set({ hour: 11, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
    const meeting = await this.meetings.schedule(secretary, {
      title: 'Заседание Совета кластеров Санкт-Петербурга',
      startsAt,
      location: TECHNOPARK,
      format: MeetingFormat.HYBRID,
    });
    await this.addAgenda(secretary, meeting.id, upcomingAgenda(election), idOf);
    await this.agenda.publish(secretary, meeting.id);
  }
}
