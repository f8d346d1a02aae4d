import { Position } from '@council/terms';
import {
  approvalSlots,
  approvalSlotsFromSeats,
  fillSlots,
  isFullyApproved,
  recordedDecisions,
  slotFor,
  staleDecisionOf,
} from './approval-rules';
import { ApprovalDecision, ApproverCapacity } from './election-status';

const CO_CHAIR_DECISION = {
  isApproval: true,
  approverIsAdmin: false,
  capacity: ApproverCapacity.CO_CHAIR,
};
const ADMIN_DECISION = {
  isApproval: true,
  approverIsAdmin: true,
  capacity: ApproverCapacity.ADMIN,
};

const leadership = { chair: 'chair', coChairs: ['co1', 'co2'], secretary: 'sec' };
const none = new Set<string>();

describe('who approves an election result', () => {
  it('is every sitting co-chair', () => {
    expect(approvalSlots(leadership, none)).toEqual([
      { capacity: ApproverCapacity.CO_CHAIR, memberId: 'co1', onBehalfOf: null },
      { capacity: ApproverCapacity.CO_CHAIR, memberId: 'co2', onBehalfOf: null },
    ]);
  });

  it('passes a recused co-chair’s place to the chair, then to the secretary', () => {
    expect(approvalSlots(leadership, new Set(['co2']))[1]).toEqual({
      capacity: ApproverCapacity.CHAIR_FOR_RECUSED,
      memberId: 'chair',
      onBehalfOf: 'co2',
    });
    expect(approvalSlots(leadership, new Set(['co2', 'chair']))[1]).toEqual({
      capacity: ApproverCapacity.SECRETARY_FOR_RECUSED,
      memberId: 'sec',
      onBehalfOf: 'co2',
    });
    // Both co-chairs stand and so does the secretary: the chair acts for both, in one decision.
    const chairForBoth = approvalSlots(leadership, new Set(['co1', 'co2', 'sec']));
    expect(chairForBoth).toEqual([
      { capacity: ApproverCapacity.CHAIR_FOR_RECUSED, memberId: 'chair', onBehalfOf: null },
    ]);
    const chair = {
      approverId: 'chair',
      isApproval: true,
      approverIsAdmin: false,
      capacity: ApproverCapacity.CHAIR_FOR_RECUSED,
    };
    const anAdmin = { ...ADMIN_DECISION, approverId: 'admin' };
    expect(isFullyApproved(chairForBoth, [chair])).toBe(true);
    expect(slotFor(chairForBoth, [], { memberId: 'admin', isAdmin: true })).toBeNull();
    expect(isFullyApproved(chairForBoth, [anAdmin])).toBe(false);
    // The chair stands too: the secretary acts for both.
    expect(approvalSlots(leadership, new Set(['co1', 'co2', 'chair']))).toEqual([
      { capacity: ApproverCapacity.SECRETARY_FOR_RECUSED, memberId: 'sec', onBehalfOf: null },
    ]);
    // The secretary's suspension changes nothing while the chair acts for both.
    expect(
      approvalSlots(leadership, new Set(['co1', 'co2']), new Set(['sec'])).map((s) => s.memberId),
    ).toEqual(['chair']);
    // Nobody left: an administrator, as the last resort.
    expect(approvalSlots(leadership, new Set(['co1', 'chair', 'sec']))[0]).toEqual({
      capacity: ApproverCapacity.ADMIN,
      memberId: null,
      onBehalfOf: 'co1',
    });
    // All four stand: one ADMIN place for both co-chairs, which one administrator fills.
    const allStand = new Set(['co1', 'co2', 'chair', 'sec']);
    const slots = approvalSlots(leadership, allStand);
    expect(slots).toEqual([{ capacity: ApproverCapacity.ADMIN, memberId: null, onBehalfOf: null }]);
    const admin = { ...ADMIN_DECISION, approverId: 'admin' };
    expect(isFullyApproved(slots, [admin])).toBe(true);
    // One co-chair left without a stand-in keeps their own place next to the ADMIN's.
    expect(
      approvalSlots(leadership, new Set(['co1', 'chair', 'sec'])).map((s) => s.capacity),
    ).toEqual([ApproverCapacity.ADMIN, ApproverCapacity.CO_CHAIR]);
  });

  it('passes a suspended co-chair’s place on like a recused one, and never to an administrator', () => {
    expect(approvalSlots(leadership, none, new Set(['co2']))[1]).toEqual({
      capacity: ApproverCapacity.CHAIR_FOR_SUSPENDED,
      memberId: 'chair',
      onBehalfOf: 'co2',
    });
    // Nobody free: the place waits for the co-chair.
    expect(approvalSlots(leadership, none, new Set(['co2', 'chair', 'sec']))[1]).toEqual({
      capacity: ApproverCapacity.CO_CHAIR,
      memberId: 'co2',
      onBehalfOf: null,
    });
    // A recused co-chair whose substitutes are suspended waits for a substitute, not an admin.
    expect(approvalSlots(leadership, new Set(['co1']), new Set(['chair', 'sec']))[0]).toEqual({
      capacity: ApproverCapacity.CHAIR_FOR_RECUSED,
      memberId: 'chair',
      onBehalfOf: 'co1',
    });
    expect(
      approvalSlots(
        leadership,
        new Set(['co1', 'co2']),
        new Set(['co1', 'co2', 'chair', 'sec']),
      ).map((slot) => slot.capacity),
    ).not.toContain(ApproverCapacity.ADMIN);
    // Whatever the seat order: suspending the first co-chair does not take the chair away from a
    // recused second one (which left the second place to an ADMIN).
    const noSecretary = { chair: 'chair', coChairs: ['co1', 'co2'], secretary: null };
    expect(approvalSlots(noSecretary, new Set(['co2']), new Set(['co1']))).toEqual([
      { capacity: ApproverCapacity.CO_CHAIR, memberId: 'co1', onBehalfOf: null },
      { capacity: ApproverCapacity.CHAIR_FOR_RECUSED, memberId: 'chair', onBehalfOf: 'co2' },
    ]);
    // The ADMIN slots are those of the same case with nobody suspended.
    const admins = (recused: string[], suspended: string[]) =>
      approvalSlots(noSecretary, new Set(recused), new Set(suspended)).filter(
        (slot) => slot.capacity === ApproverCapacity.ADMIN,
      ).length;
    for (const recused of [[], ['co1'], ['co2'], ['co1', 'co2'], ['co2', 'chair']]) {
      for (const away of [['co1'], ['co2'], ['chair'], ['co1', 'chair'], ['co1', 'co2', 'chair']]) {
        expect(admins(recused, away)).toBe(admins(recused, []));
      }
    }
  });

  // DOMAIN.md: "the chair acts in their place (the secretary, if the chair is a candidate too)".
  // The secretary stands in only for a chair who stands; a chair who does not acts for both.
  it('lets the chair, not the secretary, act for both co-chairs when both stand', () => {
    expect(approvalSlots(leadership, new Set(['co1', 'co2']))).toEqual([
      { capacity: ApproverCapacity.CHAIR_FOR_RECUSED, memberId: 'chair', onBehalfOf: null },
    ]);
    // A suspended chair has no roles: the secretary acts for both, as for one recused co-chair.
    expect(approvalSlots(leadership, new Set(['co1', 'co2']), new Set(['chair']))).toEqual([
      { capacity: ApproverCapacity.SECRETARY_FOR_RECUSED, memberId: 'sec', onBehalfOf: null },
    ]);
  });

  it('is an administrator only when the term has no co-chairs', () => {
    expect(approvalSlots({ chair: 'chair', coChairs: [], secretary: null }, none)).toEqual([
      { capacity: ApproverCapacity.ADMIN, memberId: null, onBehalfOf: null },
    ]);
  });

  it('certifies when every slot holds an approval', () => {
    const slots = approvalSlots(leadership, none);
    const co1 = { ...CO_CHAIR_DECISION, approverId: 'co1' };
    const co2 = { ...CO_CHAIR_DECISION, approverId: 'co2' };
    expect(isFullyApproved(slots, [co1])).toBe(false);
    expect(isFullyApproved(slots, [co1, co2])).toBe(true);
    expect(isFullyApproved(slots, [co1, { ...co2, isApproval: false }])).toBe(false);
    // A former co-chair's approval does not count for the new one.
    expect(isFullyApproved(slots, [co1, { ...co2, approverId: 'old' }])).toBe(false);
  });

  it('finds the slot of the actor; an administrator fills an open ADMIN slot only', () => {
    const slots = approvalSlots({ chair: null, coChairs: [], secretary: null }, none);
    expect(slotFor(slots, [], { memberId: 'someone', isAdmin: false })).toBeNull();
    expect(slotFor(slots, [], { memberId: 'admin1', isAdmin: true })).toEqual(slots[0]);
    const filled = [{ ...ADMIN_DECISION, approverId: 'admin1' }];
    expect(fillSlots(slots, filled)).toEqual([filled[0]]);
    expect(slotFor(slots, filled, { memberId: 'admin2', isAdmin: true })).toBeNull();
    expect(
      slotFor(approvalSlots(leadership, none), [], { memberId: 'chair', isAdmin: true }),
    ).toBeNull();
  });

  it('keeps counting a decision given in the ADMIN place after its author is suspended', () => {
    const [given, other] = recordedDecisions(
      [
        {
          approverId: 'admin1',
          decision: ApprovalDecision.APPROVE,
          capacity: ApproverCapacity.ADMIN,
        },
        {
          approverId: 'co1',
          decision: ApprovalDecision.APPROVE,
          capacity: ApproverCapacity.CO_CHAIR,
        },
      ],
      new Set(['admin2']),
    );
    expect(given.approverIsAdmin).toBe(true);
    expect(other.approverIsAdmin).toBe(false);
    const slots = approvalSlots({ chair: null, coChairs: [], secretary: null }, none);
    // The ADMIN place is filled: a second administrator has none to overrule it from.
    expect(slotFor(slots, [given], { memberId: 'admin2', isAdmin: true })).toBeNull();
  });

  it('counts a decision only for a place of the role it was given in', () => {
    // c approved as a co-chair; under the next roster c is the chair and stands in for co1.
    const slots = approvalSlots(
      { chair: 'c', coChairs: ['co1'], secretary: 'sec' },
      none,
      new Set(['co1']),
    );
    expect(slots).toEqual([
      { capacity: ApproverCapacity.CHAIR_FOR_SUSPENDED, memberId: 'c', onBehalfOf: 'co1' },
    ]);
    const asCoChair = { ...CO_CHAIR_DECISION, approverId: 'c' };
    expect(fillSlots(slots, [asCoChair])).toEqual([null]);
    expect(isFullyApproved(slots, [asCoChair])).toBe(false);
    // Stale: c decides again, as the chair, and that replaces it.
    expect(staleDecisionOf(slots, [asCoChair], 'c')).toBe(asCoChair);
    const asChair = { ...asCoChair, capacity: ApproverCapacity.CHAIR_FOR_RECUSED };
    expect(staleDecisionOf(slots, [asChair], 'c')).toBeNull();
    expect(isFullyApproved(slots, [asChair])).toBe(true);
    expect(staleDecisionOf(slots, [asCoChair], 'sec')).toBeNull();
  });

  it('finds a certification complete that a new roster left with every approval given', () => {
    const co1 = { ...CO_CHAIR_DECISION, approverId: 'co1' };
    // co1 approved under a roster of two co-chairs; the next term has co1 alone: complete, and
    // whoever may decide on elections completes it (recording nothing).
    const alone = approvalSlots({ chair: 'chair', coChairs: ['co1'], secretary: 'sec' }, none);
    expect(isFullyApproved(alone, [co1])).toBe(true);
    // Under two co-chairs nothing is complete.
    expect(isFullyApproved(approvalSlots(leadership, none), [co1])).toBe(false);
    expect(isFullyApproved(alone, [{ ...co1, isApproval: false }])).toBe(false);
    // An administrator's approval fills the ADMIN slot of a term without co-chairs.
    const admin = { ...ADMIN_DECISION, approverId: 'admin1' };
    const noCoChairs = approvalSlots({ chair: 'chair', coChairs: [], secretary: 'sec' }, none);
    expect(isFullyApproved(noCoChairs, [co1, admin])).toBe(true);
    expect(isFullyApproved(noCoChairs, [co1])).toBe(false);
  });
});

// Found by hand mutation testing: no test failed with these rules taken out.
describe('approval rules: one person, one place', () => {
  it('a named approver who is also an ADMIN does not fill the last-resort ADMIN place too', () => {
    const slots = approvalSlots(leadership, new Set(['co1', 'chair', 'sec']));
    expect(slots.map((slot) => slot.capacity)).toEqual([
      ApproverCapacity.ADMIN,
      ApproverCapacity.CO_CHAIR,
    ]);
    const decisions = [{ ...CO_CHAIR_DECISION, approverId: 'co2', approverIsAdmin: true }];
    expect(isFullyApproved(slots, decisions)).toBe(false);
    expect(slotFor(slots, decisions, { memberId: 'admin2', isAdmin: true })?.capacity).toBe(
      ApproverCapacity.ADMIN,
    );
  });

  it('reads suspensions from the seats: the chair stands in for a suspended co-chair', () => {
    const seat = (position: Position, seatNo: number, memberId: string, holderActive = true) => ({
      position,
      seatNo,
      memberId,
      holderActive,
    });
    const slots = approvalSlotsFromSeats(
      [
        seat(Position.CHAIR, 1, 'chair'),
        seat(Position.CO_CHAIR, 1, 'co1', false),
        seat(Position.CO_CHAIR, 2, 'co2'),
        seat(Position.EXECUTIVE_SECRETARY, 1, 'sec'),
      ],
      new Set(),
    );
    expect(slots[0]).toEqual({
      capacity: ApproverCapacity.CHAIR_FOR_SUSPENDED,
      memberId: 'chair',
      onBehalfOf: 'co1',
    });
    // A co-chair who decided as co-chair before the suspension keeps the place: the decision
    // stands, and the chair is no approver (who could otherwise overrule it).
    const seats = [
      seat(Position.CHAIR, 1, 'chair'),
      seat(Position.CO_CHAIR, 1, 'co1', false),
      seat(Position.CO_CHAIR, 2, 'co2'),
      seat(Position.EXECUTIVE_SECRETARY, 1, 'sec'),
    ];
    expect(approvalSlotsFromSeats(seats, new Set(), new Set(['co1']))[0]).toEqual({
      capacity: ApproverCapacity.CO_CHAIR,
      memberId: 'co1',
      onBehalfOf: null,
    });
    // Only a co-chair's own place: someone who decided as co-chair under an earlier roster and
    // sits as the chair now, suspended, is not thereby given a place.
    const reshuffled = approvalSlotsFromSeats(
      [
        seat(Position.CHAIR, 1, 'co1', false),
        seat(Position.CO_CHAIR, 1, 'p'),
        seat(Position.CO_CHAIR, 2, 'q', false),
        seat(Position.EXECUTIVE_SECRETARY, 1, 'sec'),
      ],
      new Set(),
      new Set(['co1']),
    );
    expect(reshuffled[1]).toEqual({
      capacity: ApproverCapacity.SECRETARY_FOR_SUSPENDED,
      memberId: 'sec',
      onBehalfOf: 'q',
    });
  });
});
