import { meetingQuorum, quorumOf } from './quorum';

describe('quorum: more than half of the members active at the start are present', () => {
  it.each([
    [0, 0, 1, false],
    [1, 1, 1, true],
    [1, 2, 2, false],
    [2, 2, 2, true],
    [5, 10, 6, false],
    [6, 10, 6, true],
    [6, 11, 6, true],
    [5, 11, 6, false],
    [7, 13, 7, true],
  ])('%i present of %i active: %i required, quorate %s', (present, active, required, quorate) => {
    expect(quorumOf(present, active)).toEqual({
      present,
      activeMembers: active,
      required,
      isQuorate: quorate,
    });
  });

  it('is unknown until attendance is taken', () => {
    expect(meetingQuorum({ presentCount: 0, activeMembersAtStart: null })).toBeNull();
    expect(meetingQuorum({ presentCount: 3, activeMembersAtStart: 4 })?.isQuorate).toBe(true);
  });
});
