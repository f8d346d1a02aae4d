import { ApproverCapacity } from './election-status';

// Who must approve an election result, computed from the roster of the term current at the moment
// of approval (DOMAIN.md "Certification"): every co-chair; a co-chair who is a candidate recuses
// and the chair takes that place, the executive secretary if the chair is a candidate too (or
// already acts for the other co-chair). A suspended co-chair's place goes to the chair or the
// secretary in the same way, and while none of them is free it waits for the co-chair's return.
// ADMIN only when the term has no co-chair seats, and as the last resort when no one is left to
// stand in for a recused co-chair. A suspension never makes room for an ADMIN: an ADMIN may
// suspend members, and must not be able to clear the way to certifying alone.
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
  const substitutes: Array<{ memberId: string; capacity: ApproverCapacity }> = [];
  if (leadership.chair && !candidates.has(leadership.chair)) {
    substitutes.push({
      memberId: leadership.chair,
      capacity: ApproverCapacity.CHAIR_FOR_RECUSED,
    });
  }
  if (leadership.secretary && !candidates.has(leadership.secretary)) {
    substitutes.push({
      memberId: leadership.secretary,
      capacity: ApproverCapacity.SECRETARY_FOR_RECUSED,
    });
  }
  const free = substitutes.filter((substitute) => !suspended.has(substitute.memberId));
  const away = substitutes.filter((substitute) => suspended.has(substitute.memberId));
  return leadership.coChairs.map((coChair) => {
    const recused = candidates.has(coChair);
    if (!recused && !suspended.has(coChair)) {
      return { capacity: ApproverCapacity.CO_CHAIR, memberId: coChair, onBehalfOf: null };
    }
    const substitute = free.shift();
    if (substitute) return { ...substitute, onBehalfOf: coChair };
    // Nobody free: the place waits for the suspended co-chair, or for a suspended substitute.
    if (!recused)
      return { capacity: ApproverCapacity.CO_CHAIR, memberId: coChair, onBehalfOf: null };
    const waiting = away.shift();
    return waiting
      ? { ...waiting, onBehalfOf: coChair }
      : { capacity: ApproverCapacity.ADMIN, memberId: null, onBehalfOf: coChair };
  });
}

export interface RecordedDecision {
  approverId: string;
  isApproval: boolean;
  approverIsAdmin: boolean;
}

// Matches recorded decisions to slots: a named slot is filled by its person, an ADMIN slot by any
// administrator not named in another slot. Returns, per slot, the decision that fills it (or null).
export function fillSlots(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
): Array<RecordedDecision | null> {
  const named = new Set(slots.flatMap((slot) => (slot.memberId ? [slot.memberId] : [])));
  const freeAdmins = decisions.filter(
    (decision) => decision.approverIsAdmin && !named.has(decision.approverId),
  );
  return slots.map((slot) => {
    if (slot.memberId) {
      return decisions.find((decision) => decision.approverId === slot.memberId) ?? null;
    }
    return freeAdmins.shift() ?? null;
  });
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

// A new term's roster can leave every approval now due already given (by approvers who still sit)
// with nobody left to give the last one, e.g. a co-chair approved and the next term has only that
// co-chair. Such an approver's repeated approval completes the certification (it records nothing
// new); without it the election would stay TALLIED for good. Any other second decision is refused.
export function completesCertification(
  slots: readonly ApprovalSlot[],
  decisions: readonly RecordedDecision[],
  actorId: string,
): boolean {
  const own = decisions.find((decision) => decision.approverId === actorId);
  return (
    own !== undefined &&
    own.isApproval &&
    fillSlots(slots, decisions).includes(own) &&
    isFullyApproved(slots, decisions)
  );
}
