// GraphQL documents for the members' commands that many specs use in their set-up.
export const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token member { id } }
}`;
export const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { accessToken }
}`;
export const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { status } }`;
