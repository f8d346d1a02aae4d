import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLInputObjectType, GraphQLNamedType, getNamedType, isInputObjectType } from 'graphql';
import { TestApp, createTestApp } from './support/test-app';

// Issue 6 (BOPLA / mass assignment): no input type lets a caller set a privileged field. Where a
// state is the very subject of an operation it is allowed by name here, so any new one is a diff.
const PRIVILEGED =
  /^(role|roles|isAdmin|admin|approvedBy|approvedAt|contentHash|hash|passwordHash|password_hash|status|position|certified|tally)$/i;
const ALLOWED = new Set([
  'AttendanceInput.status', // PRESENT / ABSENT / EXCUSED: what recordAttendance records
  'SeatInput.position', // the seat being filled by appointFoundingRoster (ADMIN)
  'ContestInput.position', // the seat an election is for (createElection, secretary)
]);

describe('input types expose no privileged fields (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has privileged-looking input fields only where the operation is about them', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
      if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values((type as GraphQLInputObjectType).getFields())) {
        if (PRIVILEGED.test(field.name)) found.push(`${type.name}.${field.name}`);
      }
    }
    expect(found.filter((name) => !ALLOWED.has(name))).toEqual([]);
  });

  it('uses SeatInput only in appointFoundingRoster, and a status argument only in updateActionItem', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const seatUsers = mutations.filter((m) =>
      m.args.some((arg) => getNamedType(arg.type).name === 'SeatInput'),
    );
    expect(seatUsers.map((m) => m.name)).toEqual(['appointFoundingRoster']);
    const statusArgs = mutations.filter((m) => m.args.some((arg) => PRIVILEGED.test(arg.name)));
    expect(statusArgs.map((m) => m.name)).toEqual(['updateActionItem']);
  });
});
