import { ApprovalEntity } from './approval.entity';
import { BallotBoxEntity } from './ballot-box.entity';
import { BallotEntity } from './ballot.entity';
import { ContestResultEntity } from './contest-result.entity';
import { ContestEntity, ElectionEntity } from './election.entity';
import { ElectorEntity } from './elector.entity';
import { NominationEntity } from './nomination.entity';
import { ParticipationEntity } from './participation.entity';
import { TrackingCodeEntity } from './tracking-code.entity';

export {
  ApprovalEntity,
  BallotBoxEntity,
  BallotEntity,
  ContestEntity,
  ContestResultEntity,
  ElectionEntity,
  ElectorEntity,
  NominationEntity,
  ParticipationEntity,
  TrackingCodeEntity,
};

export const ELECTIONS_ENTITIES = [
  ElectionEntity,
  ContestEntity,
  NominationEntity,
  ElectorEntity,
  ParticipationEntity,
  BallotEntity,
  TrackingCodeEntity,
  BallotBoxEntity,
  ContestResultEntity,
  ApprovalEntity,
];
