import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import {
  MemberEntity,
  MembersService,
  OrganizationEntity,
  OrganizationsService,
} from '@council/accounts';
import { ElectionsQueryService } from '@council/elections';
import { Position, SeatEntity, TermsService } from '@council/terms';
import { ElectionLoaders } from '../elections/elections.loaders';

// DataLoaders live for one request: they batch the lookups of a whole response into one query per
// kind and never share cached rows between callers.
export class RequestLoaders {
  readonly members: DataLoader<string, MemberEntity | null>;
  readonly organizations: DataLoader<string, OrganizationEntity | null>;
  readonly rosters: DataLoader<string, SeatEntity[]>;
  readonly currentPositions: DataLoader<string, Position[]>;
  readonly elections: ElectionLoaders;

  constructor(services: LoaderServices) {
    this.members = new DataLoader((ids) => services.members.findByIds(ids));
    this.organizations = new DataLoader((ids) => services.organizations.findByIds(ids));
    this.rosters = new DataLoader((labels) => services.terms.rostersOf(labels));
    this.currentPositions = new DataLoader(async (memberIds) => {
      const seats = await this.rosters.load(services.terms.currentLabel());
      return memberIds.map((id) =>
        seats.filter((seat) => seat.memberId === id).map((seat) => seat.position),
      );
    });
    this.elections = new ElectionLoaders(services.elections);
  }
}

@Injectable()
export class LoaderServices {
  constructor(
    readonly members: MembersService,
    readonly organizations: OrganizationsService,
    readonly terms: TermsService,
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
