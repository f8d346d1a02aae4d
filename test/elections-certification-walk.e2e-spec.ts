import fc from 'fast-check';
import { AuditService } from '@council/audit';
import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position, TermsService } from '@council/terms';
import type { MemberEntity } from '@council/accounts';
import { ElectionDriver } from './support/elections';
import { TestApp, createTestApp } from './support/test-app';

// A random walk over certification: approvals, rejections, suspensions, reactivations and the
// half-year boundary, with invariants checked after each step: pendingApprovals as the README's
// rules give them, a certification only with every place filled, no ADMIN rejecting or certifying
// alone through suspensions, no place refused to whoever is awaited, nothing stuck once everyone is
// active again, and an intact audit chain. It found that a decision of one role filled a place of
// another (test/elections-decision-roles.e2e-spec.ts). WALK_RUNS and WALK_SEED explore further; a
// failure reports the shrunk walk with its log.
const RUNS = Number(process.env.WALK_RUNS ?? 12);
const SEED = Number(process.env.WALK_SEED ?? 4242);

const PEOPLE = ['C', 'R', 'F', 'S', 'A1', 'A2', 'M1', 'M2'] as const;
type P = (typeof PEOPLE)[number];
const ADMINS: P[] = ['A1', 'A2'];
interface Roster {
  chair: P | null;
  coChairs: P[];
  secretary: P | null;
}
const ROSTERS: Record<string, Roster | null> = {
  none: null,
  usual: { chair: 'C', coChairs: ['R', 'F'], secretary: 'S' },
  oneCoChair: { chair: 'C', coChairs: ['R'], secretary: 'S' },
  reshuffled: { chair: 'F', coChairs: ['R', 'M1'], secretary: 'C' },
  vacantChair: { chair: null, coChairs: ['R', 'F'], secretary: 'S' },
  noSecretary: { chair: 'C', coChairs: ['F', 'R'], secretary: null },
  swapped: { chair: 'S', coChairs: ['F', 'C'], secretary: 'R' },
  fOnly: { chair: 'C', coChairs: ['F'], secretary: 'S' },
};
type RosterName = keyof typeof ROSTERS;

type Step =
  | { kind: 'approve' | 'reject'; who: P | 'pending'; e: number }
  | { kind: 'suspend' | 'reactivate'; who: P }
  | { kind: 'advance' };

interface WorldSpec {
  first: 'usual' | 'swapped';
  next: RosterName;
  after: RosterName;
  elections: Array<{ candidates: P[]; nextTerm: boolean }>;
}

const APPROVE = `mutation($id: ID!) { approveElection(electionId: $id) { id status } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectElection(electionId: $id, reason: $reason) { id status } }`;
const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { id } }`;
const STATE = `query($id: ID!) { election(id: $id) { id status quorumReached term { label }
  approvals { member { id } decision capacity standingInFor { id } }
  pendingApprovals { capacity member { id } standingInFor { id } } } }`;

interface Slot {
  capacity: string;
  member: P | null;
  standingInFor: P | null;
}
interface Decision {
  member: P;
  decision: string;
  capacity: string;
  standingInFor: P | null;
}
interface EState {
  status: string;
  approvals: Decision[];
  pending: Slot[];
}

// The README's rules, written again from its text.
function oracleSlots(
  roster: Roster | null,
  candidates: Set<P>,
  suspended: Set<P>,
  approvals: Decision[],
): Slot[] {
  if (!roster || roster.coChairs.length === 0) {
    return [{ capacity: 'ADMIN', member: null, standingInFor: null }];
  }
  const decidedAsCoChair = new Set(
    approvals.filter((a) => a.capacity === 'CO_CHAIR').map((a) => a.member),
  );
  const away = (p: P) => suspended.has(p);
  const standIns = [
    { p: roster.chair, rec: 'CHAIR_FOR_RECUSED', sus: 'CHAIR_FOR_SUSPENDED' },
    { p: roster.secretary, rec: 'SECRETARY_FOR_RECUSED', sus: 'SECRETARY_FOR_SUSPENDED' },
  ].filter((s) => s.p !== null && !candidates.has(s.p)) as Array<{
    p: P;
    rec: string;
    sus: string;
  }>;
  const free = standIns.filter((s) => !away(s.p));
  const gone = standIns.filter((s) => away(s.p));
  const out = new Map<P, Slot>();
  let first: Slot | null = null;
  for (const c of roster.coChairs.filter((c) => candidates.has(c))) {
    if (first) {
      first.standingInFor = null;
      out.set(c, first);
      continue;
    }
    const s = free.shift() ?? gone.shift();
    if (s) {
      first = { capacity: s.rec, member: s.p, standingInFor: c as P | null };
      out.set(c, first);
    } else out.set(c, { capacity: 'ADMIN', member: null, standingInFor: c });
  }
  for (const c of roster.coChairs.filter((c) => !candidates.has(c))) {
    const isAway = away(c) && !decidedAsCoChair.has(c);
    const s = isAway ? free.shift() : undefined;
    out.set(
      c,
      s
        ? { capacity: s.sus, member: s.p, standingInFor: c }
        : { capacity: 'CO_CHAIR', member: c, standingInFor: null },
    );
  }
  const ordered = [...new Set(roster.coChairs.map((c) => out.get(c)!))];
  const admin = ordered.filter((s) => s.capacity === 'ADMIN');
  if (admin.length < 2) return ordered;
  return ordered
    .filter((s) => s.capacity !== 'ADMIN' || s === admin[0])
    .map((s) => (s === admin[0] ? { capacity: 'ADMIN', member: null, standingInFor: null } : s));
}

function oracleFill(
  slots: Slot[],
  approvals: Decision[],
  suspended: Set<P>,
): Array<Decision | null> {
  const named = new Set(slots.flatMap((s) => (s.member ? [s.member] : [])));
  const admins = approvals.filter(
    (a) =>
      ADMINS.includes(a.member) &&
      (!suspended.has(a.member) || a.capacity === 'ADMIN') &&
      !named.has(a.member),
  );
  const role = (c: string) =>
    c.startsWith('CHAIR_') ? 'CHAIR' : c.startsWith('SECRETARY_') ? 'SECRETARY' : c;
  return slots.map((s) =>
    s.member
      ? (approvals.find((a) => a.member === s.member && role(a.capacity) === role(s.capacity)) ??
        null)
      : (admins.shift() ?? null),
  );
}

const show = (x: unknown) => JSON.stringify(x);
const refusal = (r: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  String(r.errors?.[0]?.extensions?.reason ?? r.errors?.[0]?.extensions?.code);

let counter = 0;
const tallies = new Map<string, number>();
const bump = (k: string) => tallies.set(k, (tallies.get(k) ?? 0) + 1);

describe('certification: a random walk with invariants (e2e)', () => {
  let t: TestApp;
  let steps = 0;
  let runs = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function runWalk(spec: WorldSpec, walk: Step[], log: string[]): Promise<string[]> {
    runs += 1;
    counter += 1;
    const found: string[] = [];
    const base = 2030 + 2 * counter;
    if (base > 2380) throw new Error('out of years');
    const terms = [`${base}-H1`, `${base}-H2`, `${base + 1}-H1`];
    let termIndex = 0;
    t.clock.set(`${base}-02-15T09:00:00Z`);
    const ids = new Map<P, string>();
    const members = new Map<P, MemberEntity>();
    for (const p of PEOPLE) {
      const m = await t.factory.member({
        fullName: `Walk ${p} ${counter}`,
        isAdmin: ADMINS.includes(p),
      });
      ids.set(p, m.id);
      members.set(p, m);
    }
    const personOf = (id: string | undefined | null): P | null => {
      if (!id) return null;
      for (const [p, i] of ids) if (i === id) return p;
      return `stranger:${id}` as P;
    };
    const tokens = new Map<P, string>();
    const suspended = new Set<P>();
    const signAll = async () => {
      for (const p of PEOPLE)
        if (!suspended.has(p)) tokens.set(p, await t.factory.tokenFor(members.get(p)!));
    };
    await signAll();
    const seatsOf = (r: Roster) => [
      ...(r.chair ? [{ position: Position.CHAIR, memberId: ids.get(r.chair)! }] : []),
      ...r.coChairs.map((c, i) => ({
        position: Position.CO_CHAIR,
        memberId: ids.get(c)!,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[i],
      })),
      ...(r.secretary
        ? [{ position: Position.EXECUTIVE_SECRETARY, memberId: ids.get(r.secretary)! }]
        : []),
    ];
    await t.factory.installRoster(terms[0], seatsOf(ROSTERS[spec.first]!));
    const rosterOf = new Map<string, Roster | null>([[terms[0], ROSTERS[spec.first]]]);
    const installNext = spec.elections.some((e) => e.nextTerm)
      ? false
      : ROSTERS[spec.next] !== null;
    if (installNext) await t.factory.installRoster(terms[1], seatsOf(ROSTERS[spec.next]!));
    rosterOf.set(terms[1], installNext ? ROSTERS[spec.next] : null);
    if (ROSTERS[spec.after]) await t.factory.installRoster(terms[2], seatsOf(ROSTERS[spec.after]!));
    rosterOf.set(terms[2], ROSTERS[spec.after]);

    // Elections, tallied by paper.
    const drive = new ElectionDriver(t, tokens.get(ROSTERS[spec.first]!.secretary!)!);
    const elections: Array<{ id: string; candidates: Set<P>; target: string }> = [];
    let usedNext = false;
    for (const [index, e] of spec.elections.entries()) {
      const target = e.nextTerm && !usedNext ? terms[1] : `${2999 - counter * 2 - index}-H1`;
      if (target === terms[1]) usedNext = true;
      const positions = ['CHAIR', 'EXECUTIVE_SECRETARY'] as const;
      const built = await drive.talliedByPaper(
        {
          termLabel: target,
          contests: e.candidates.map((_, i) => ({ position: positions[i] })),
          ruleset: { quorumNumerator: 0, quorumComparison: 'AT_LEAST' },
        },
        e.candidates.map((p) => [{ id: ids.get(p)!, token: tokens.get(p)! }]),
      );
      elections.push({ id: built.id, candidates: new Set(e.candidates), target });
    }
    log.push(
      `world ${show(spec)} terms ${show(terms)} targets ${show(elections.map((e) => e.target))}`,
    );

    const currentRoster = () => {
      const label = t.app.get(TermsService).currentLabel();
      return rosterOf.get(label) ?? null;
    };
    const anyActiveAdmin = () => ADMINS.find((a) => !suspended.has(a))!;
    const read = async (index: number): Promise<EState> => {
      const r = await t.client.request<any>(
        STATE,
        { id: elections[index].id },
        tokens.get(anyActiveAdmin()),
      );
      if (r.errors) throw new Error(show(r.errors));
      const e = r.data.election;
      return {
        status: e.status,
        approvals: e.approvals.map((a: any) => ({
          member: personOf(a.member.id),
          decision: a.decision,
          capacity: a.capacity,
          standingInFor: personOf(a.standingInFor?.id),
        })),
        pending: e.pendingApprovals.map((s: any) => ({
          capacity: s.capacity,
          member: personOf(s.member?.id),
          standingInFor: personOf(s.standingInFor?.id),
        })),
      };
    };
    const termPast = (index: number) => t.app.get(TermsService).isPast(elections[index].target);
    const clearedBySuspension = new Set<number>();
    const note = (msg: string) => {
      found.push(msg);
      log.push(`  !! ${msg}`);
    };
    const checkPending = (index: number, s: EState) => {
      if (s.status !== 'TALLIED') return;
      const slots = oracleSlots(
        currentRoster(),
        elections[index].candidates,
        suspended,
        s.approvals,
      );
      const filled = oracleFill(slots, s.approvals, suspended);
      const pending = slots.filter((_, i) => filled[i] === null);
      if (show(pending) !== show(s.pending)) {
        note(`E${index} pendingApprovals ${show(s.pending)} != oracle ${show(pending)}`);
      }
    };

    for (const step of walk) {
      steps += 1;
      const before = await Promise.all(elections.map((_, i) => read(i)));
      const rosterBefore = currentRoster();
      const suspendedBefore = new Set(suspended);
      let outcome: string;
      if (step.kind === 'advance') {
        if (termIndex >= 2) continue;
        termIndex += 1;
        const [y, h] = terms[termIndex].split('-');
        t.clock.set(`${y}-${h === 'H1' ? '01' : '07'}-15T09:00:00Z`);
        await signAll();
        outcome = `now ${terms[termIndex]}`;
      } else if (step.kind === 'suspend' || step.kind === 'reactivate') {
        const actor = ADMINS.find((a) => a !== step.who && !suspended.has(a));
        if (!actor) continue;
        if (step.kind === 'suspend') {
          if (suspended.has(step.who)) continue;
          if (ADMINS.includes(step.who) && ADMINS.filter((a) => !suspended.has(a)).length < 2)
            continue;
          const r = await t.client.request<any>(
            SUSPEND,
            { id: ids.get(step.who) },
            tokens.get(actor),
          );
          outcome = r.errors ? `ERR ${refusal(r)}` : 'OK';
          if (!r.errors) suspended.add(step.who);
        } else {
          let target: P = step.who;
          if (!suspended.has(target)) {
            const list = [...suspended];
            if (list.length === 0) continue;
            target = list[PEOPLE.indexOf(step.who) % list.length];
          }
          const by = ADMINS.find((a) => a !== target && !suspended.has(a));
          if (!by) continue;
          const r = await t.client.request<any>(
            REACTIVATE,
            { id: ids.get(target) },
            tokens.get(by),
          );
          outcome = `(${target}) ` + (r.errors ? `ERR ${refusal(r)}` : 'OK');
          if (!r.errors) {
            suspended.delete(target);
            tokens.set(target, await t.factory.tokenFor(members.get(target)!));
          }
        }
      } else {
        if ((step as any).e >= elections.length) continue;
        const pend = before[(step as any).e].pending;
        const who: P =
          step.who !== 'pending'
            ? step.who
            : (pend.find((s) => s.member && !suspended.has(s.member))?.member ??
              (pend.some((s) => s.member === null) ? anyActiveAdmin() : 'M1'));
        if (suspended.has(who)) continue;
        const r = await t.client.request<any>(
          step.kind === 'approve' ? APPROVE : REJECT,
          step.kind === 'approve'
            ? { id: elections[(step as any).e].id }
            : { id: elections[(step as any).e].id, reason: 'нет' },
          tokens.get(who),
        );
        outcome =
          `(${who}) ` +
          (r.errors
            ? `ERR ${String(r.errors[0].extensions?.code)}/${refusal(r)}`
            : `OK ${r.data[step.kind === 'approve' ? 'approveElection' : 'rejectElection'].status}`);
        const b = before[(step as any).e];
        const e = elections[(step as any).e];
        const reason = r.errors?.[0].extensions?.reason;
        // Invariant 3: a named, active, non-candidate pending approver is not refused as a non-approver.
        if (b.status === 'TALLIED' && !e.candidates.has(who)) {
          const named = b.pending.some((s) => s.member === who);
          const adminSlot = ADMINS.includes(who) && b.pending.some((s) => s.member === null);
          if ((named || adminSlot) && (reason === 'NOT_AN_APPROVER' || reason === 'RECUSED')) {
            note(`E${(step as any).e} ${step.kind} by pending ${who} refused ${reason}`);
          }
        }
        if (!r.errors && step.kind === 'reject' && b.status === 'TALLIED') {
          const named = b.pending.some((s) => s.member === who);
          const adminSlot = ADMINS.includes(who) && b.pending.some((s) => s.member === null);
          if (b.pending.length > 0 && !named && !adminSlot) {
            note(`E${step.e} rejected by ${who}, not among pending ${show(b.pending)}`);
          }
          if (b.pending.length === 0 && ADMINS.includes(who) && !termPast(step.e)) {
            const filler = b.approvals.some((a) => a.member === who);
            if (!filler)
              note(`E${step.e} closed off by admin ${who} (not a filler, term not past)`);
          }
        }
        if (!r.errors && step.kind === 'approve') {
          const status = r.data.approveElection.status;
          if (status === 'CERTIFIED') {
            // Invariant 2: the admin completes only when every place was filled by others, never
            // after a suspension emptied the pending list.
            if (b.pending.length === 0 && clearedBySuspension.has(step.e)) {
              note(`E${step.e} certified by ${who} after a suspension emptied pendingApprovals`);
            }
            if (b.pending.length > 1)
              note(`E${step.e} certified with ${b.pending.length} pending before`);
          }
        }
      }
      const after = await Promise.all(elections.map((_, i) => read(i)));
      bump(`${step.kind}:${outcome.replace(/^\([A-Z0-9]+\) /, '').replace(/^now .*/, 'now')}`);
      log.push(
        `${show(step)}${'who' in step && step.who === 'pending' ? '' : ''} -> ${outcome}; pending ${after.map((a) => `${a.status}:${show(a.pending)}`).join(' | ')}`,
      );
      for (const [i, a] of after.entries()) {
        checkPending(i, a);
        // Invariant 1: certified only with every place of the roster of that moment approved.
        if (before[i].status === 'TALLIED' && a.status === 'CERTIFIED') {
          const slots = oracleSlots(
            rosterBefore,
            elections[i].candidates,
            suspendedBefore,
            a.approvals,
          );
          const fill = oracleFill(slots, a.approvals, suspendedBefore);
          if (!fill.every((d) => d?.decision === 'APPROVE')) {
            note(
              `E${i} CERTIFIED with places unfilled: slots ${show(slots)} approvals ${show(a.approvals)}`,
            );
          }
        }
        if (
          before[i].status === 'TALLIED' &&
          a.status !== before[i].status &&
          step.kind !== 'approve' &&
          step.kind !== 'reject'
        ) {
          note(`E${i} changed ${before[i].status}->${a.status} on ${show(step)}`);
        }
        if (
          step.kind === 'suspend' &&
          a.status === 'TALLIED' &&
          before[i].pending.length > 0 &&
          a.pending.length === 0
        ) {
          clearedBySuspension.add(i);
          note(
            `E${i} pendingApprovals emptied by suspending ${step.who}: before ${show(before[i].pending)} approvals ${show(a.approvals)}`,
          );
        }
        if (a.pending.length > 0) clearedBySuspension.delete(i);
      }
    }

    // Invariant 4: everyone back, the elections can be finished.
    for (const p of [...suspended]) {
      const actor = ADMINS.find((a) => a !== p && !suspended.has(a))!;
      await t.client.ok(REACTIVATE, { id: ids.get(p) }, tokens.get(actor));
      suspended.delete(p);
      tokens.set(p, await t.factory.tokenFor(members.get(p)!));
    }
    for (const [i, e] of elections.entries()) {
      for (let round = 0; round < 6; round += 1) {
        const s = await read(i);
        if (s.status !== 'TALLIED') break;
        checkPending(i, s);
        const deciders: P[] = s.pending.length
          ? s.pending.flatMap((slot) => (slot.member ? [slot.member] : ADMINS))
          : [...PEOPLE];
        let progressed = false;
        for (const p of deciders) {
          if (e.candidates.has(p)) continue;
          const past = termPast(i);
          const r = await t.client.request<any>(
            past ? REJECT : APPROVE,
            past ? { id: e.id, reason: 'конец срока' } : { id: e.id },
            tokens.get(p),
          );
          log.push(
            `liveness E${i} ${past ? 'reject' : 'approve'} by ${p} -> ${r.errors ? refusal(r) : 'OK'}`,
          );
          if (!r.errors) {
            progressed = true;
            break;
          }
        }
        if (!progressed) {
          note(
            `E${i} stuck TALLIED with everyone active: pending ${show(s.pending)} approvals ${show(s.approvals)}`,
          );
          break;
        }
      }
    }
    return found;
  }

  const personArb = fc.constantFrom<P>(...PEOPLE);
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('approve' as const), who: personArb, e: fc.nat(1) }),
    },
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('approve' as const),
        who: fc.constant('pending' as const),
        e: fc.nat(1),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('reject' as const), who: personArb, e: fc.nat(1) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('reject' as const),
        who: fc.constant('pending' as const),
        e: fc.nat(1),
      }),
    },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('suspend' as const), who: personArb }) },
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('reactivate' as const), who: personArb }),
    },
    { weight: 4, arbitrary: fc.constant({ kind: 'advance' as const }) },
  );
  const rosterArb = fc.constantFrom<RosterName>(...Object.keys(ROSTERS));
  const candidatesArb = fc.uniqueArray(fc.constantFrom<P>('C', 'R', 'F', 'S', 'M1', 'M2'), {
    minLength: 1,
    maxLength: 2,
  });
  const specArb: fc.Arbitrary<WorldSpec> = fc.record({
    first: process.env.WALK_BIAS
      ? fc.constant<'swapped'>('swapped')
      : fc.constantFrom<'usual' | 'swapped'>('usual', 'swapped'),
    next: process.env.WALK_BIAS ? fc.constantFrom<RosterName>('fOnly', 'usual') : rosterArb,
    after: rosterArb,
    elections: fc.array(
      fc.record({
        candidates: candidatesArb,
        nextTerm: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
      }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
  });

  it('keeps the certification invariants', async () => {
    let lastLog: string[] = [];
    const result = await fc.check(
      fc.asyncProperty(
        specArb,
        fc.array(stepArb, { minLength: 4, maxLength: 12 }),
        async (spec, walk) => {
          const log: string[] = [];
          const found = await runWalk(spec, walk, log);
          if (found.length) lastLog = log;
          return found.length === 0;
        },
      ),
      {
        numRuns: RUNS,
        seed: SEED,
      },
    );
    const audit = await t.app.get(AuditService).verifyChain();
    expect(audit.firstBreak).toBeNull();
    // The shrunk walk and its log, in the failure's message.
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : '';
    const failure = result.failed
      ? `runs ${runs}, steps ${steps}\n${show([...tallies].sort())}\nerror ${error}\n` +
        `counterexample ${show(result.counterexample)}\n${lastLog.join('\n')}`
      : null;
    expect(failure).toBeNull();
  }, 1_200_000);
});
