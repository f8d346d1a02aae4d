import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@council/config';
import { ManualClock } from '@council/core';
import { GraphQLClient } from '@council/testing';
import { createApp } from '../apps/api/src/bootstrap';
import { ACCEPT, INVITE, SUSPEND } from './support/accounts';
import type { Leadership } from './support/test-factory';
import { TEST_JWT_SECRET, TestApp, createTestApp } from './support/test-app';

// Found by a review of time as the server lives with it: two API instances whose clocks differ by
// a couple of seconds (or one clock stepped back by NTP). An invitation that was ended (its issuer
// suspended, or the invitation issued again) must stay ended on every instance: ending it is a
// change of state, not a moment that a clock a little behind has not reached yet.
describe('clocks that differ between instances (e2e)', () => {
  let a: TestApp;
  let b: { app: INestApplication; client: GraphQLClient; clock: ManualClock };
  let leaders: Leadership;
  const SKEW_MS = 2_000;

  // A at `instant`, B two seconds behind.
  const at = (instant: string) => {
    a.clock.set(instant);
    b.clock.set(new Date(new Date(instant).getTime() - SKEW_MS));
  };

  beforeAll(async () => {
    a = await createTestApp({ clock: new ManualClock('2032-03-01T09:00:00Z') });
    const clock = new ManualClock('2032-03-01T08:59:58Z');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: a.database.url,
      DB_POOL_SIZE: '4',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_OPERATIONS: '1000000',
    });
    const app = await createApp({
      config,
      databaseUrl: a.database.url,
      jwtSecret: TEST_JWT_SECRET,
      clock,
    });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    b = { app, clock, client: new GraphQLClient(`http://127.0.0.1:${port}/graphql`) };
    leaders = await a.factory.leadership('2032-H1');
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  const invite = async (email: string, token: string) => {
    const organization = await a.factory.organization();
    return (
      await a.client.ok(
        INVITE,
        { input: { email, fullName: 'Новый Участник', organizationId: organization.id } },
        token,
      )
    ).inviteMember as { token: string; member: { id: string } };
  };

  it('an invitation ended by its issuer’s suspension on A cannot be accepted on B', async () => {
    at('2032-03-02T09:00:00Z');
    const issued = await invite('skew-suspended-issuer@council.test', leaders.secretary.token);
    at('2032-03-02T10:00:00Z');
    await a.client.ok(SUSPEND, { id: leaders.secretary.member.id }, leaders.admin.token);
    // One second later on A; B, two seconds behind, reads 09:59:59.
    at('2032-03-02T10:00:01Z');
    const accepted = await b.client.error(ACCEPT, {
      input: { token: issued.token, password: 'chosen by the departed secretary' },
    });
    expect(accepted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
  });

  it('an invitation replaced by a new one on A cannot be accepted on B', async () => {
    at('2032-03-03T09:00:00Z');
    const first = await invite('skew-reissued@council.test', leaders.admin.token);
    at('2032-03-03T10:00:00Z');
    const second = await invite('skew-reissued@council.test', leaders.admin.token);
    expect(second.member.id).toBe(first.member.id);
    at('2032-03-03T10:00:01Z');
    const accepted = await b.client.error(ACCEPT, {
      input: { token: first.token, password: 'the replaced token still works' },
    });
    expect(accepted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
  });
});
