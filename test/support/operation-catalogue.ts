import { randomUUID } from 'node:crypto';
import type { Leadership } from './test-factory';
import type { TestApp } from './test-app';

export interface CatalogueContext {
  t: TestApp;
  leaders: Leadership;
  organizationId: string;
}

export interface SampleCall {
  document: string;
  variables?: (
    context: CatalogueContext,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

// One well-formed call per root operation: the permission matrix calls each as every role.
// Targets are real rows where the operation changes state, so "refused → nothing changed" means
// something. Every operation of the schema must have an entry (the matrix test checks).
export const OPERATION_CATALOGUE: Record<string, SampleCall> = {
  // accounts
  login: {
    document: `mutation($email: String!) { login(input: { email: $email, password: "wrong password here" }) { accessToken } }`,
    variables: () => ({ email: `nobody-${randomUUID()}@council.test` }),
  },
  refreshSession: {
    document: `mutation { refreshSession(refreshToken: "not-a-token") { accessToken } }`,
  },
  logout: { document: `mutation { logout(refreshToken: "not-a-token") }` },
  acceptInvitation: {
    document: `mutation { acceptInvitation(input: { token: "not-a-token", password: "long enough password" }) { accessToken } }`,
  },
  inviteMember: {
    document: `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
    variables: ({ organizationId }) => ({
      input: {
        email: `invitee-${randomUUID()}@council.test`,
        fullName: 'Приглашённый',
        organizationId,
      },
    }),
  },
  suspendMember: {
    document: `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
    variables: async ({ t }) => ({ id: (await t.factory.member()).id }),
  },
  reactivateMember: {
    document: `mutation($id: ID!) { reactivateMember(memberId: $id) { id } }`,
    variables: async ({ t }) => ({
      id: (await t.factory.member({ status: 'SUSPENDED' as never })).id,
    }),
  },
  createOrganization: {
    document: `mutation($name: String!) { createOrganization(input: { name: $name, shortName: "Новая" }) { id } }`,
    variables: () => ({ name: `Организация ${randomUUID()}` }),
  },
  me: { document: `{ me { id } }` },
  members: { document: `{ members(first: 5) { totalCount } }` },
  organizations: { document: `{ organizations { id } }` },
  // terms
  terms: { document: `{ terms { label } }` },
  term: { document: `{ term(label: "2027-H1") { label } }` },
  currentTerm: { document: `{ currentTerm { label } }` },
  appointFoundingRoster: {
    document: `mutation($id: ID!) { appointFoundingRoster(termLabel: "2099-H1", seats: [{ position: CHAIR, memberId: $id }]) { label } }`,
    variables: async ({ t }) => ({ id: (await t.factory.member()).id }),
  },
  // audit
  auditLog: { document: `{ auditLog(first: 1) { totalCount } }` },
};

export { NO_SUCH_ID };
