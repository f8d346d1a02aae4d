import { registerEnumType } from '@nestjs/graphql';
import { MemberStatus } from '@council/accounts';
import { Permission, Role } from '@council/access';
import { Position } from '@council/terms';

registerEnumType(Role, { name: 'Role' });
registerEnumType(Position, { name: 'Position' });
registerEnumType(MemberStatus, { name: 'MemberStatus' });
registerEnumType(Permission, {
  name: 'Permission',
  description:
    "What the permission table grants; an operation may still refuse for a rule about its object (a co-chair approves minutes only in the chair's place, only the nominee answers a nomination...)",
  valuesMap: {
    VIEW_COUNCIL: {
      description: 'See the council: members, organisations, terms, meetings, elections',
    },
    MANAGE_OWN_SESSION: { description: "Log out, change one's own password" },
    INVITE_MEMBER: { description: 'Invite members, and see when their invitations run out' },
    MANAGE_MEMBER_STATUS: { description: 'Suspend and reactivate members' },
    MANAGE_ORGANIZATIONS: { description: 'Create and rename organisations' },
    APPOINT_FOUNDING_ROSTER: { description: 'Appoint the founding roster' },
    READ_AUDIT_LOG: { description: 'Read the audit log' },
    MANAGE_ELECTIONS: {
      description:
        'Run elections: create, open nominations and voting, withdraw a nomination, close, record paper results, runoffs, cancel',
    },
    TAKE_PART_IN_ELECTIONS: { description: "Nominate, answer one's nominations, vote" },
    CERTIFY_ELECTIONS: {
      description:
        "Approve or reject an election's result, in a place Election.pendingApprovals names (a co-chair's, or a stand-in's)",
    },
    MANAGE_MEETINGS: {
      description:
        'Schedule, edit, cancel and hold meetings; build agendas; record attendance; draft, submit and amend minutes',
    },
    PUBLISH_AGENDA: { description: "Publish a meeting's agenda" },
    APPROVE_MINUTES: { description: 'Approve or return minutes' },
    TRACK_ACTION_ITEMS: { description: "See action items and update one's own" },
    VIEW_DRAFTS: { description: 'See meetings and minutes still in draft' },
    UPDATE_ANY_ACTION_ITEM: { description: "Update anyone's action item" },
    CERTIFY_AS_LAST_RESORT: {
      description: "Certify in the co-chairs' place while nobody on the roster can",
    },
    REISSUE_ANY_INVITATION: { description: 'Invite again an address someone else invited' },
  },
});

export { MemberStatus, Permission, Position, Role };
