import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import type { BatchScheduler } from '../graphql/batch-scheduler';
import { PageLoaders } from '../graphql/page-loaders';
import { MemberEntity } from '@council/accounts';
import { Principal } from '@council/access';
import { Page, PageRequest } from '@council/core';
import {
  ActionItemEntity,
  ActionItemsService,
  AgendaChangeEntity,
  AgendaItemView,
  AgendaService,
  AttendanceEntity,
  AttendanceReads,
  AttendanceService,
  MeetingEntity,
  MeetingsService,
  MinutesApprovalService,
  MinutesDecisions,
  MinutesReader,
  MinutesReturnView,
  MinutesVersionView,
  MinutesView,
  Quorum,
  attendanceSeenBy,
  quorumSeenBy,
  rollOf,
} from '@council/meetings';

@Injectable()
export class MeetingLoaderServices {
  constructor(
    readonly meetings: MeetingsService,
    readonly agenda: AgendaService,
    readonly attendance: AttendanceService,
    readonly minutes: MinutesReader,
    readonly minutesApproval: MinutesApprovalService,
    readonly actionItems: ActionItemsService,
  ) {}
}

// Per request, like every loader: a page of meetings costs one query per kind of thing shown
// (agendas, attendance, minutes...), never one per meeting.
export class MeetingLoaders {
  readonly agenda: DataLoader<string, AgendaItemView[]>;
  // The same agendas with their presenters attached (AgendaItem.presenter then answers at once).
  readonly agendaWithPresenters: DataLoader<string, AgendaItemView[]>;
  // Read through seenAttendance only: what a viewer may see of it depends on the minutes.
  private readonly attendance: DataLoader<string, AttendanceEntity[]>;
  readonly meetings: DataLoader<string, MeetingEntity | null>;
  readonly actionItems: DataLoader<string, ActionItemEntity | null>;
  private readonly rollsAtStart: DataLoader<string, string[]>;
  // One key: the active members, read once per request, as a batch of this request (a query of
  // its own would not be waited for, and the members it names would join the level's members
  // query only when it happened to answer first).
  private readonly activeRoll: DataLoader<'active', string[]>;
  // What minutes look like depends on who asks (drafts for the leadership only).
  private readonly minutesByViewer = new Map<Principal, DataLoader<string, MinutesView | null>>();
  private readonly historyByViewer = new Map<Principal, DataLoader<string, MinutesVersionView[]>>();
  private readonly decisionsByViewer = new Map<Principal, DataLoader<string, MinutesDecisions>>();
  private readonly returnsByViewer = new Map<Principal, DataLoader<string, MinutesReturnView[]>>();
  private readonly agendaChangePages: PageLoaders<AgendaChangeEntity>;

  constructor(
    private readonly services: MeetingLoaderServices,
    private readonly batches: BatchScheduler,
    members: DataLoader<string, MemberEntity | null>,
  ) {
    this.agenda = batches.loader((ids) => services.agenda.itemsOf(ids));
    // A page of 100 meetings shows 2,000 agenda items: one promise per item for its presenter is
    // most of what the page costs. Same SQL (agendas, then one members query), fewer promises.
    this.agendaWithPresenters = batches.compositeLoader(async (ids) => {
      const agendas = await this.agenda.loadMany(ids);
      const items = agendas.flatMap((agenda) => (agenda instanceof Error ? [] : agenda));
      const presenterIds = [...new Set(items.map((item) => item.presenterId))].filter(
        (id): id is string => id !== null,
      );
      const presenters = await members.loadMany(presenterIds);
      const byId = new Map(presenterIds.map((id, index) => [id, presenters[index]] as const));
      for (const item of items) {
        const presenter = item.presenterId === null ? null : byId.get(item.presenterId);
        // Anything not found stays unattached: AgendaItem.presenter then asks the loader itself.
        if (presenter && !(presenter instanceof Error)) item.presenter = presenter;
      }
      return agendas;
    });
    this.attendance = batches.loader((ids) => services.attendance.attendanceOf(ids));
    this.meetings = batches.loader((ids) => services.meetings.findByIds(ids));
    this.actionItems = batches.loader((ids) => services.actionItems.findByIds(ids));
    this.rollsAtStart = batches.loader((ids) => services.attendance.rollsAtStart(ids));
    this.agendaChangePages = new PageLoaders(batches, (ids, request) =>
      services.agenda.changesOf(ids, request),
    );
    this.activeRoll = batches.loader(async (keys) => {
      const ids = await services.attendance.activeRoll();
      return keys.map(() => ids);
    });
  }

  // Meeting.roll (libs/meetings: attendance-views.ts), read through these loaders.
  rollOf(meeting: MeetingEntity): Promise<string[] | null> {
    return rollOf(meeting, {
      atStart: (meetingId) => this.rollsAtStart.load(meetingId),
      active: () => this.activeRoll.load('active'),
    });
  }

  // Meeting.agendaChanges for every meeting of a response: one query per distinct page.
  agendaChanges(request: PageRequest): DataLoader<string, Page<AgendaChangeEntity>> {
    return this.agendaChangePages.of(request);
  }

  minutesFor(viewer: Principal): DataLoader<string, MinutesView | null> {
    return this.viewersLoader(this.minutesByViewer, viewer, (meetingIds) =>
      this.services.minutes.viewsFor(meetingIds, viewer),
    );
  }

  // Attendance and quorum as the viewer sees them (libs/meetings: attendance-views.ts), read through
  // these loaders: the approved minutes they may need are the ones Meeting.minutes reads.
  seenAttendance(viewer: Principal, meeting: MeetingEntity): Promise<AttendanceEntity[]> {
    return attendanceSeenBy(meeting, viewer, this.attendanceReadsFor(viewer));
  }

  seenQuorum(viewer: Principal, meeting: MeetingEntity): Promise<Quorum | null> {
    return quorumSeenBy(meeting, viewer, this.attendanceReadsFor(viewer));
  }

  private attendanceReadsFor(viewer: Principal): AttendanceReads {
    const minutes = this.minutesFor(viewer);
    return {
      minutes: (meetingId) => minutes.load(meetingId),
      attendance: (meetingId) => this.attendance.load(meetingId),
    };
  }

  // Minutes.approvable / returnable: what the viewer may decide on each minutes now.
  decisionsFor(viewer: Principal): DataLoader<string, MinutesDecisions> {
    return this.viewersLoader(this.decisionsByViewer, viewer, (minutesIds) =>
      this.services.minutesApproval.decisionsOpenTo(viewer, minutesIds),
    );
  }

  historyFor(viewer: Principal): DataLoader<string, MinutesVersionView[]> {
    return this.viewersLoader(this.historyByViewer, viewer, (minutesIds) =>
      this.services.minutes.historyOf(minutesIds, viewer),
    );
  }

  // MinutesVersion.returns, by version id.
  returnsFor(viewer: Principal): DataLoader<string, MinutesReturnView[]> {
    return this.viewersLoader(this.returnsByViewer, viewer, (versionIds) =>
      this.services.minutes.returnsOf(versionIds, viewer),
    );
  }

  // The viewer's own loader of a kind whose answers depend on who asks.
  private viewersLoader<V>(
    byViewer: Map<Principal, DataLoader<string, V>>,
    viewer: Principal,
    batch: (keys: readonly string[]) => Promise<V[]>,
  ): DataLoader<string, V> {
    let loader = byViewer.get(viewer);
    if (!loader) {
      loader = this.batches.loader(batch);
      byViewer.set(viewer, loader);
    }
    return loader;
  }
}
