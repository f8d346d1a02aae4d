import { body } from '../graphql';
import { graphqlValidator } from '../load';
import { SETTINGS } from '../settings';

// The agenda page before a meeting: the meeting, its 20 agenda items with their presenters, and
// the attendance list.
export const MEETING_QUERY = `query Meeting($id: ID!) {
  meeting(id: $id) {
    id
    title
    startsAt
    location
    format
    status
    agendaRevision
    quorate
    agenda {
      id
      position
      title
      kind
      durationMinutes
      presenter { id fullName organization { shortName } }
    }
    attendance { status member { id fullName } }
  }
}`;

export const meetingBody = (meetingId: string) => body(MEETING_QUERY, { id: meetingId });

export const validateMeeting = graphqlValidator((data) => {
  const meeting = data.meeting;
  if (!meeting) return 'meeting is null';
  if (meeting.agenda?.length !== SETTINGS.agendaItems) {
    return `agenda has ${meeting.agenda?.length} items, expected ${SETTINGS.agendaItems}`;
  }
  if (meeting.agenda.some((item: any) => !item.presenter?.organization?.shortName)) {
    return 'an agenda item without its presenter';
  }
  if (meeting.attendance?.length !== SETTINGS.attendancePerMeeting) {
    return `attendance has ${meeting.attendance?.length} entries, expected ${SETTINGS.attendancePerMeeting}`;
  }
  return null;
});

// The meetings page: the first N meetings with their agendas and presenters.
export const MEETINGS_QUERY = `query Meetings($first: Int!) {
  meetings(first: $first) {
    totalCount
    edges {
      node {
        id
        title
        startsAt
        agenda { id position title presenter { id fullName } }
      }
    }
  }
}`;

export const meetingsBody = (first: number) => body(MEETINGS_QUERY, { first });

export const validateMeetings = (first: number) =>
  graphqlValidator((data) => {
    const edges = data.meetings?.edges;
    if (edges?.length !== first) return `${edges?.length} meetings, expected ${first}`;
    for (const edge of edges) {
      if (edge.node.agenda?.length !== SETTINGS.agendaItems) {
        return `a meeting with ${edge.node.agenda?.length} agenda items`;
      }
      if (edge.node.agenda.some((item: any) => !item.presenter?.fullName)) {
        return 'an agenda item without its presenter';
      }
    }
    return null;
  });

export const LOGIN_MUTATION = `mutation Login($input: LoginInput!) {
  login(input: $input) { accessToken refreshToken member { id } }
}`;

export const validateLogin = graphqlValidator((data) =>
  typeof data.login?.accessToken === 'string' && data.login.accessToken.length > 20
    ? null
    : 'no access token',
);
