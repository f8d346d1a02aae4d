import { RosterEntity } from './roster.entity';
import { SeatEntity } from './seat.entity';
import { TermEntity } from './term.entity';

export { RosterEntity, SeatEntity, TermEntity };
export { RosterSource } from './roster.entity';
export const TERMS_ENTITIES = [TermEntity, RosterEntity, SeatEntity];
