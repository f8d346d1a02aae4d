import { DomainError } from '@council/core';
import { ElectionStatus } from './election-status';
import {
  ELECTION_TRANSITIONS,
  ElectionAction,
  assertTermAllows,
  assertTransition,
  canPerform,
  isBarredOnceTermIsPast,
} from './transitions';

const ALL = Object.values(ElectionStatus);

describe('election transitions', () => {
  it('walks DRAFT → NOMINATION → VOTING → TALLIED → CERTIFIED', () => {
    expect(assertTransition(ElectionStatus.DRAFT, 'openNominations')).toBe(
      ElectionStatus.NOMINATION,
    );
    expect(assertTransition(ElectionStatus.NOMINATION, 'openVoting')).toBe(ElectionStatus.VOTING);
    expect(assertTransition(ElectionStatus.VOTING, 'closeVoting')).toBe(ElectionStatus.TALLIED);
    expect(assertTransition(ElectionStatus.TALLIED, 'certify')).toBe(ElectionStatus.CERTIFIED);
  });

  it('rejects only after the tally, cancels only before it', () => {
    expect(ALL.filter((status) => canPerform(status, 'reject'))).toEqual([ElectionStatus.TALLIED]);
    expect(ALL.filter((status) => canPerform(status, 'cancel'))).toEqual([
      ElectionStatus.DRAFT,
      ElectionStatus.NOMINATION,
      ElectionStatus.VOTING,
    ]);
  });

  it('allows a paper result instead of the electronic vote, before the tally', () => {
    expect(ALL.filter((status) => canPerform(status, 'recordPaperResult'))).toEqual([
      ElectionStatus.NOMINATION,
      ElectionStatus.VOTING,
    ]);
  });

  it('leaves nothing to do in a final state', () => {
    for (const status of [
      ElectionStatus.CERTIFIED,
      ElectionStatus.REJECTED,
      ElectionStatus.CANCELLED,
    ]) {
      const allowed = (Object.keys(ELECTION_TRANSITIONS) as ElectionAction[]).filter((action) =>
        canPerform(status, action),
      );
      expect({ status, allowed }).toEqual({ status, allowed: [] });
    }
  });

  it('refuses every other pair as CONFLICT with a stable reason', () => {
    const refusals: string[] = [];
    for (const action of Object.keys(ELECTION_TRANSITIONS) as ElectionAction[]) {
      for (const status of ALL.filter((s) => !canPerform(s, action))) {
        try {
          assertTransition(status, action);
          refusals.push(`${action} from ${status} was allowed`);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).kind).toBe('CONFLICT');
        }
      }
    }
    expect(refusals).toEqual([]);
    expect(() => assertTransition(ElectionStatus.NOMINATION, 'castBallot')).toThrow(
      expect.objectContaining({ reason: 'VOTING_NOT_OPEN' }),
    );
    expect(() => assertTransition(ElectionStatus.VOTING, 'nominate')).toThrow(
      expect.objectContaining({ reason: 'NOMINATIONS_NOT_OPEN' }),
    );
    expect(() => assertTransition(ElectionStatus.DRAFT, 'openVoting')).toThrow(
      expect.objectContaining({ reason: 'INVALID_TRANSITION' }),
    );
  });

  it('once the term is over, bars only what leads to a roster; the election can still be closed off', () => {
    const actions = Object.keys(ELECTION_TRANSITIONS) as ElectionAction[];
    expect(actions.filter(isBarredOnceTermIsPast).sort()).toEqual([
      'approve',
      'certify',
      'createRunoff',
      'openNominations',
      'openVoting',
    ]);
    expect(() => assertTermAllows('approve', true)).toThrow(
      expect.objectContaining({ kind: 'CONFLICT', reason: 'TERM_IN_PAST' }),
    );
    for (const action of ['cancel', 'reject', 'closeVoting'] as ElectionAction[]) {
      expect(() => assertTermAllows(action, true)).not.toThrow();
    }
    for (const action of actions) expect(() => assertTermAllows(action, false)).not.toThrow();
  });
});
