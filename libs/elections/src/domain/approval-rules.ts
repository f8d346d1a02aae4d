import { Permission, hasPermission, rolesFor } from '@council/access';
import { MemberStatus } from '@council/accounts';
import { CurrentSeat, Position } from '@council/terms';
import { ApprovalDecision, ApproverCapacity } from './election-status';

const { CHAIR_FOR_RECUSED, CHAIR_FOR_SUSPENDED, SECRETARY_FOR_RECUSED, SECRETARY_FOR_SUSPENDED } =
  ApproverCapacity;

// Who must approve an election result, computed from the roster of the term current at the moment
// of approval (DOMAIN.md "Certification"): every co-chair; a co-chair who is a candidate recuses
// and the chair takes that place, the executive secretary if the chair is a candidate too; when
// both co-chairs recuse, that one stand-in acts for both (the secretary is not asked while the
// chair may act: DOMAIN.md names the secretary only for a chair who stands).
// A suspended co-chair's place goes to the chair or the secretary in the same way, and while none
// of them is free it waits for the co-chair's return. ADMIN only when the term has no co-chair
// seats, and as the last resort when neither the chair nor the secretary may stand in for a
// recused co-chair (one ADMIN place however many co-chairs that leaves). A suspension never makes
// room for an ADMIN: an ADMIN may suspend members, and must not be able to clear the way to
// certifying alone.
export interface SittingLeadership {
  chair: string | null;
  coChairs: readonly string[];
  secretary: string | null;
}

export interface ApprovalSlot {
  capacity: ApproverCapacity;
  // The person who must act; null for an ADMIN slot (any administrator who is not a candidate).
  memberId: string | null;
  // The recused co-chair this slot stands in for.
  onBehalfOf: string | null;
}

export function approvalSlots(
  leadership: SittingLeadership,
  candidates: ReadonlySet<string>,
  suspended: ReadonlySet<string> = new Set(),
): ApprovalSlot[] {
  if (leadership.coChairs.length === 0) {
    return [{ capacity: ApproverCapacity.ADMIN, memberId: null, onBehalfOf: null }];
  }
  const standIns = [
    {
      memberId: leadership.chair,
      forRecused: CHAIR_FOR_RECUSED,
      forSuspended: CHAIR_FOR_SUSPENDED,
    },
    {
      memberId: leadership.secretary,
      forRecused: SECRETARY_FOR_RECUSED,
      forSuspended: SECRETARY_FOR_SUSPENDED,
    },
  ].filter(
    (standIn): standIn is typeof standIn & { memberId: string } =>
      standIn.memberId !== null && !candidates.has(standIn.memberId),
  );
  const free = standIns.filter((standIn) => !suspended.has(standIn.memberId));
  const away = standIns.filter((standIn) => suspended.has(standIn.memberId));
  const slots = new Map<string, ApprovalSlot>();
  // Recused co-chairs first, exactly as if nobody were suspended (a suspended stand-in's place
  // waits for them): a suspension never moves a stand-in so that an ADMIN slot appears.
  let firstStandIn: ApprovalSlot | null = null;
  for (const coChair of leadership.coChairs.filter((id) => candidates.has(id))) {
    if (firstStandIn) {
      // DOMAIN.md: the chair acts in a recused co-chair's place, in every one of them. The
      // stand-in of the first recused co-chair acts for the next too, in one decision on behalf
      // of both (no one in particular): an ADMIN never decides while someone on the roster can.
      firstStandIn.onBehalfOf = null;
      slots.set(coChair, firstStandIn);
      continue;
    }
    const standIn = free.shift() ?? away.shift();
    if (standIn) {
      firstStandIn = {
        capacity: standIn.forRecused,
        memberId: standIn.memberId,
        onBehalfOf: coChair,
      };
      slots.set(coChair, firstStandIn);
    } else {
      slots.set(coChair, { capacity: ApproverCapacity.ADMIN, memberId: null, onBehalfOf: coChair });
    }
  }
  for (const coChair of leadership.coChairs.filter((id) => !candidates.has(id))) {
    const standIn = suspended.has(coChair) ? free.shift() : undefined;
    slots.set(
      coChair,
      standIn
        ? { capacity: standIn.forSuspended, memberId: standIn.memberId, onBehalfOf: coChair }
        : // Active, or suspended with nobody free: the place is the co-chair's (and waits).
          { capacity: ApproverCapacity.CO_CHAIR, memberId: coChair, onBehalfOf: null },
    );
  }
  const ordered = [...new Set(leadership.coChairs.map((coChair) => slots.get(coChair)!))];
  const lastResort = ordered.filter((slot) => slot.capacity === ApproverCapacity.ADMIN);
  if (lastResort.length < 2) return ordered;
  // One administrator's decision stands for every recused co-chair nobody else may stand in for
  // (all four leaders standing again): a council may have a single administrator, and a second
  // ADMIN place would wait for one that does not exist. It is the same ADMIN the term without
  // co-chairs has: on behalf of no one in particular.
  const shared: ApprovalSlot = {
    capacity: ApproverCapacity.ADMIN,
    memberId: null,
    onBehalfOf: null,
  };
  return ordered
    .filter((slot) => slot.capacity !== ApproverCapacity.ADMIN || slot === lastResort[0])
    .map((slot) => (slot === lastResort[0] ? shared : slot));
}

// The slots of an election from the current term's seats and the election's candidates. A seat
// whose holder is suspended is a place to stand in for, not a vacancy (see approvalSlots), unless
// it is a co-chair's who decided in that very capacity before the suspension: the decision stands,
// and a suspension after it hands nobody that place (whoever stood in could overrule it).
// `decidedAsCoChair`: the approvers whose recorded decision was given as CO_CHAIR.
export function approvalSlotsFromSeats(
  seats: readonly CurrentSeat[],
  candidates: ReadonlySet<string>,
  decidedAsCoChair: ReadonlySet<string> = new Set(),
): ApprovalSlot[] {
  const holders = (position: Position) =>
    seats.filter((seat) => seat.position === position).map((seat) => seat.memberId);
  const leadership: SittingLeadership = {
    chair: holders(Position.CHAIR)[0] ?? null,
    coChairs: holders(Position.CO_CHAIR),
    secretary: holders(Position.EXECUTIVE_SECRETARY)[0] ?? null,
  };
  const keepsPlace = (seat: CurrentSeat) =>
    seat.position === Position.CO_CHAIR && decidedAsCoChair.has(seat.memberId);
  const suspended = new Set(
    seats.filter((seat) => !seat.holderActive && !keepsPlace(seat)).map((seat) => seat.memberId),
  );
  return approvalSlots(leadership, candidates, suspended);
}

// The slots no recorded decision fills yet.
export function pendingSlots(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
): ApprovalSlot[] {
  const filled = fillSlots(slots, decisions);
  return slots.filter((_, index) => filled[index] === null);
}

export interface RecordedDecision {
  approverId: string;
  isApproval: boolean;
  approverIsAdmin: boolean;
  // The place it was given in.
  capacity: ApproverCapacity;
}

type ApproverRole = 'CO_CHAIR' | 'CHAIR' | 'SECRETARY' | 'ADMIN';

// The seat a capacity decides from: a decision counts only for a place of the same role. Given
// under an earlier roster in another role (a co-chair then, the chair now), it fills nothing, and
// its author decides again in the new role.
export function roleOf(capacity: ApproverCapacity): ApproverRole {
  switch (capacity) {
    case ApproverCapacity.CO_CHAIR:
      return 'CO_CHAIR';
    case CHAIR_FOR_RECUSED:
    case CHAIR_FOR_SUSPENDED:
      return 'CHAIR';
    case SECRETARY_FOR_RECUSED:
    case SECRETARY_FOR_SUSPENDED:
      return 'SECRETARY';
    case ApproverCapacity.ADMIN:
      return 'ADMIN';
  }
}

const fills = (decision: RecordedDecision, slot: ApprovalSlot) =>
  decision.approverId === slot.memberId && roleOf(decision.capacity) === roleOf(slot.capacity);

// Those of these accounts who may fill an ADMIN slot now: the permission the certifying actor is
// judged by (CERTIFY_AS_LAST_RESORT), with the roles the current term's seats confer.
export function lastResortApprovers(
  accounts: ReadonlyArray<{ id: string; status: MemberStatus; isAdmin: boolean }>,
  seats: readonly CurrentSeat[],
): Set<string> {
  const positionsOf = (memberId: string) =>
    seats.filter((seat) => seat.memberId === memberId).map((seat) => seat.position);
  return new Set(
    accounts
      .filter((account) =>
        hasPermission(
          rolesFor(account, positionsOf(account.id)),
          Permission.CERTIFY_AS_LAST_RESORT,
        ),
      )
      .map((account) => account.id),
  );
}

// Stored decisions as the slot rules read them; `activeAdmins`: the approvers who may fill an
// ADMIN slot now (CERTIFY_AS_LAST_RESORT: the active administrators); such a slot takes any of them.
// A decision given in the ADMIN place keeps filling it after its author is suspended: otherwise
// one administrator could overrule another's by suspending them.
export function recordedDecisions(
  approvals: ReadonlyArray<{
    approverId: string;
    decision: ApprovalDecision;
    capacity: ApproverCapacity;
  }>,
  activeAdmins: ReadonlySet<string>,
): RecordedDecision[] {
  return approvals.map((approval) => ({
    approverId: approval.approverId,
    isApproval: approval.decision === ApprovalDecision.APPROVE,
    approverIsAdmin:
      activeAdmins.has(approval.approverId) || approval.capacity === ApproverCapacity.ADMIN,
    capacity: approval.capacity,
  }));
}

// The approvers whose recorded decision was given in their own co-chair place.
export function decidedAsCoChair(
  approvals: ReadonlyArray<{ approverId: string; capacity: ApproverCapacity }>,
): Set<string> {
  return new Set(
    approvals
      .filter((approval) => approval.capacity === ApproverCapacity.CO_CHAIR)
      .map((approval) => approval.approverId),
  );
}

// Matches recorded decisions to slots: a named slot is filled by its person's decision in the same
// role, an ADMIN slot by any administrator not named in another slot. Returns, per slot, the
// decision that fills it (or null).
export function fillSlots(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
): Array<RecordedDecision | null> {
  const named = new Set(slots.flatMap((slot) => (slot.memberId ? [slot.memberId] : [])));
  const freeAdmins = decisions.filter(
    (decision) => decision.approverIsAdmin && !named.has(decision.approverId),
  );
  return slots.map((slot) => {
    if (slot.memberId) return decisions.find((decision) => fills(decision, slot)) ?? null;
    return freeAdmins.shift() ?? null;
  });
}

// The actor's recorded decision if it no longer counts: given in another role than the place they
// hold now (a new roster). It is replaced by their decision in the new role.
export function staleDecisionOf(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
  actorId: string,
): RecordedDecision | null {
  const own = decisions.find((decision) => decision.approverId === actorId);
  const place = slots.find((slot) => slot.memberId === actorId);
  return own && place && !fills(own, place) ? own : null;
}

// The slot the actor may fill now, or null when they are not an approver of this election.
export function slotFor(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
  actor: { memberId: string; isAdmin: boolean },
): ApprovalSlot | null {
  const named = slots.find((slot) => slot.memberId === actor.memberId);
  if (named) return named;
  if (!actor.isAdmin) return null;
  const filled = fillSlots(slots, decisions);
  return slots.find((slot, index) => slot.memberId === null && filled[index] === null) ?? null;
}

// Certified when every slot holds an approval.
export function isFullyApproved(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
): boolean {
  return fillSlots(slots, decisions).every((decision) => decision?.isApproval === true);
}
