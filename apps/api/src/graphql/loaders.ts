import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { NotFoundError, groupBy, type Page, type PageRequest } from '@council/core';
import {
  InvitationsService,
  MemberEntity,
  MembersService,
  OrganizationEntity,
  OrganizationsService,
} from '@council/accounts';
import { ElectionsQueryService } from '@council/elections';
import { Position, SeatEntity, TermsService } from '@council/terms';
import { MeetingLoaderServices, MeetingLoaders } from '../meetings/meetings.loaders';
import { ElectionLoaders } from '../elections/elections.loaders';
import { BatchScheduler } from './batch-scheduler';
import { PageLoaders } from './page-loaders';

// DataLoaders live for one request: they batch the lookups of a whole response into one query per
// kind and level (batch-scheduler.ts) and never share cached rows between callers.
export class RequestLoaders {
  readonly members: DataLoader<string, MemberEntity | null>;
  readonly organizations: DataLoader<string, OrganizationEntity | null>;
  readonly rosters: DataLoader<string, SeatEntity[]>;
  readonly currentPositions: DataLoader<string, Position[]>;
  readonly invitationExpiries: DataLoader<string, Date | null>;
  private readonly organizationMemberPages: PageLoaders<MemberEntity>;
  private readonly batches = new BatchScheduler();
  readonly meetings: MeetingLoaders;
  readonly elections: ElectionLoaders;

  constructor(services: LoaderServices) {
    this.members = this.batches.loader((ids) => services.members.findByIds(ids));
    this.organizations = this.batches.loader((ids) => services.organizations.findByIds(ids));
    this.invitationExpiries = this.batches.loader((ids) =>
      services.invitations.invitationExpiries(ids),
    );
    this.rosters = this.batches.loader((labels) => services.terms.rostersOf(labels));
    this.organizationMemberPages = new PageLoaders(this.batches, (ids, request) =>
      services.members.listByOrganizations(ids, request),
    );
    this.meetings = new MeetingLoaders(services.meetings, this.batches, this.members);
    // Reads through the rosters loader: composite, so it does not hold that batch back.
    this.currentPositions = this.batches.compositeLoader(async (memberIds) => {
      const seats = await this.rosters.load(services.terms.currentLabel());
      return groupBy(memberIds, seats, (seat) => seat.memberId).map((own) =>
        own.map((seat) => seat.position),
      );
    });
    this.elections = new ElectionLoaders(services.elections, this.batches);
  }

  // For relations that must exist (a foreign key guarantees it): a missing row is a NOT_FOUND.
  async member(id: string): Promise<MemberEntity> {
    const member = await this.members.load(id);
    if (!member) throw new NotFoundError('Member');
    return member;
  }

  // An optional relation: no id, no member.
  async optionalMember(id: string | null): Promise<MemberEntity | null> {
    return id === null ? null : this.member(id);
  }

  async memberList(ids: readonly string[]): Promise<MemberEntity[]> {
    return Promise.all(ids.map((id) => this.member(id)));
  }

  // Organization.members for every organisation of a response: one query per distinct page.
  organizationMembers(request: PageRequest): DataLoader<string, Page<MemberEntity>> {
    return this.organizationMemberPages.of(request);
  }
}

@Injectable()
export class LoaderServices {
  constructor(
    readonly members: MembersService,
    readonly organizations: OrganizationsService,
    readonly invitations: InvitationsService,
    readonly terms: TermsService,
    readonly meetings: MeetingLoaderServices,
    readonly elections: ElectionsQueryService,
  ) {}

  create(): RequestLoaders {
    return new RequestLoaders(this);
  }
}

export interface GraphQLContext {
  req: import('express').Request & { user?: import('@council/access').Principal };
  res: import('express').Response;
  loaders: RequestLoaders;
}
