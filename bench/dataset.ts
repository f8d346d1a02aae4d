import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { fromDist } from './processes';
import { SETTINGS } from './settings';

// The dataset, generated from a fixed seed: the same seed gives the same ids, names, agendas,
// attendance and audit entries on every run. Bulk rows go in with SQL (INSERT … SELECT FROM
// unnest(…), thousands of rows per statement); what the scenarios rely on (roster, elections,
// votes opened) goes through the API.

export const PASSWORD = 'bench-password-2026';

// mulberry32: small, fast, deterministic.
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 16; i++) hex.push(this.int(256).toString(16).padStart(2, '0'));
    hex[6] = ((parseInt(hex[6], 16) & 0x0f) | 0x40).toString(16).padStart(2, '0');
    hex[8] = ((parseInt(hex[8], 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

const FIRST = ['Anna', 'Boris', 'Daria', 'Egor', 'Irina', 'Kirill', 'Marina', 'Oleg', 'Polina'];
const LAST = ['Ivanova', 'Petrov', 'Sokolova', 'Volkov', 'Morozova', 'Lebedev', 'Kozlova', 'Orlov'];
const ORGANIZATIONS = [
  'Clean Technologies for the Urban Environment Cluster',
  'Composite Cluster of St. Petersburg',
  'Cluster of Medical, Environmental Instrument-Making and Biotechnologies',
  'Cluster Development Center of JSC Technopark of St. Petersburg',
];
const AGENDA_TOPICS = [
  'Automotive suppliers and subcontracting',
  'Electric transport and charging',
  'Industrial and technological infrastructure',
  'Smart St. Petersburg',
  'Training and qualification centres',
];
const KINDS = ['INFORMATION', 'DISCUSSION', 'DECISION', 'ELECTION'] as const;
const FORMATS = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const;

// Fixed instants keep the rows identical from run to run.
const EPOCH = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface Roles {
  admin: string;
  chair: string;
  coChairRegional: string;
  coChairFederal: string;
  secretary: string;
}

export interface Dataset {
  organizationIds: string[];
  memberIds: string[];
  // members 0..4 hold the admin flag and the seats; the representatives are the next few hundred
  roles: Roles;
  representatives: string[];
  meetingIds: string[];
  emailOf(index: number): string;
}

async function insertRows(
  client: Client,
  table: string,
  columns: Array<[name: string, type: string]>,
  rows: unknown[][],
  batch = 10_000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO ${table} (${list}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

const at = (offsetMs: number) => new Date(EPOCH + offsetMs);

export async function generateMembers(client: Client, random: Random): Promise<Dataset> {
  const { PasswordHasher } = fromDist<{
    PasswordHasher: new () => { hash(password: string): Promise<string> };
  }>('libs/accounts/src/domain/password-hasher.js');
  // One argon2id hash with the app's parameters, shared by every member.
  const passwordHash = await new PasswordHasher().hash(PASSWORD);

  const organizationIds: string[] = [];
  const organizationRows: unknown[][] = [];
  for (let i = 0; i < SETTINGS.organizations; i++) {
    const id = random.uuid();
    organizationIds.push(id);
    const name = ORGANIZATIONS[i] ?? `Industrial Cluster No. ${i + 1}`;
    organizationRows.push([id, name, `C${String(i + 1).padStart(2, '0')}`, at(i * 1000)]);
  }
  await insertRows(
    client,
    'organization',
    [
      ['id', 'uuid'],
      ['name', 'text'],
      ['short_name', 'text'],
      ['created_at', 'timestamptz'],
    ],
    organizationRows,
  );

  const emailOf = (index: number) => `member${index}@bench.council.example`;
  const memberIds: string[] = [];
  const memberRows: unknown[][] = [];
  for (let i = 0; i < SETTINGS.members; i++) {
    const id = random.uuid();
    memberIds.push(id);
    const fullName = `${random.pick(FIRST)} ${random.pick(LAST)} ${i}`;
    memberRows.push([
      id,
      emailOf(i),
      fullName,
      organizationIds[i % organizationIds.length],
      'ACTIVE',
      i === 0,
      passwordHash,
      at(60_000 + i),
      at(60_000 + i),
    ]);
  }
  await insertRows(
    client,
    'member',
    [
      ['id', 'uuid'],
      ['email', 'text'],
      ['full_name', 'text'],
      ['organization_id', 'uuid'],
      ['status', 'member_status'],
      ['is_admin', 'boolean'],
      ['password_hash', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    memberRows,
  );
  return {
    organizationIds,
    memberIds,
    roles: {
      admin: memberIds[0],
      chair: memberIds[1],
      coChairRegional: memberIds[2],
      coChairFederal: memberIds[3],
      secretary: memberIds[4],
    },
    representatives: memberIds.slice(5, 305),
    meetingIds: [],
    emailOf,
  };
}

// A valid hash chain, built with the app's own chainHash, written straight into audit_entry.
export async function generateAuditEntries(
  client: Client,
  random: Random,
  dataset: Dataset,
  count: number,
): Promise<void> {
  const { chainHash, GENESIS_HASH } = fromDist<{
    chainHash(prev: string, content: Record<string, unknown>): string;
    GENESIS_HASH: string;
  }>('libs/audit-chain/src/audit-chain.js');
  const actions = [
    ['accounts.login', 'member'],
    ['meetings.agenda_item_added', 'meeting'],
    ['meetings.attendance_recorded', 'meeting'],
    ['meetings.minutes_saved', 'meeting'],
    ['elections.nominated', 'election'],
  ] as const;
  let prevHash = GENESIS_HASH;
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const [action, entityType] = actions[random.int(actions.length)];
    const actorId = dataset.representatives[random.int(dataset.representatives.length)];
    const content = {
      seq: String(i),
      occurredAt: at(3_600_000 + i * 1000),
      actorId,
      action,
      entityType,
      entityId: random.uuid(),
      summary: { n: i, ip: '10.0.0.1', note: 'generated by npm run bench' },
    };
    const hash = chainHash(prevHash, content);
    rows.push([
      content.seq,
      content.occurredAt,
      actorId,
      action,
      entityType,
      content.entityId,
      JSON.stringify(content.summary),
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
  await insertRows(
    client,
    'audit_entry',
    [
      ['seq', 'bigint'],
      ['occurred_at', 'timestamptz'],
      ['actor_id', 'uuid'],
      ['action', 'text'],
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['summary', 'jsonb'],
      ['prev_hash', 'char(64)'],
      ['hash', 'char(64)'],
    ],
    rows,
  );
}

// Published meetings, each with its agenda (presenters among the representatives) and attendance.
export async function generateMeetings(
  client: Client,
  random: Random,
  dataset: Dataset,
): Promise<void> {
  const secretary = dataset.roles.secretary;
  const meetings: unknown[][] = [];
  const items: unknown[][] = [];
  const attendance: unknown[][] = [];
  for (let m = 0; m < SETTINGS.meetings; m++) {
    const id = random.uuid();
    dataset.meetingIds.push(id);
    const startsAt = at(m * 7 * 86_400_000 + 3 * 3_600_000);
    const publishedAt = at(m * 7 * 86_400_000 - 5 * 86_400_000);
    const present = new Set<string>();
    const chosen = new Set<string>();
    while (chosen.size < SETTINGS.attendancePerMeeting) {
      chosen.add(dataset.representatives[random.int(dataset.representatives.length)]);
    }
    for (const memberId of chosen) {
      const roll = random.next();
      const status = roll < 0.7 ? 'PRESENT' : roll < 0.85 ? 'EXCUSED' : 'ABSENT';
      if (status === 'PRESENT') present.add(memberId);
      attendance.push([id, memberId, status, secretary, startsAt]);
    }
    meetings.push([
      id,
      `Council meeting No. ${m + 1}: ${random.pick(AGENDA_TOPICS)}`,
      startsAt,
      'Europe/Moscow',
      `Technopark of St. Petersburg, hall ${1 + random.int(4)}`,
      random.pick(FORMATS),
      'PUBLISHED',
      1,
      publishedAt,
      secretary,
      SETTINGS.members,
      present.size,
      secretary,
      publishedAt,
      publishedAt,
    ]);
    for (let p = 1; p <= SETTINGS.agendaItems; p++) {
      items.push([
        random.uuid(),
        id,
        p,
        `${random.pick(AGENDA_TOPICS)}: item ${p}`,
        random.next() < 0.5 ? 'Report and discussion of the working group' : null,
        dataset.representatives[random.int(dataset.representatives.length)],
        5 + 5 * random.int(6),
        random.pick(KINDS),
        publishedAt,
        publishedAt,
      ]);
    }
  }
  await insertRows(
    client,
    'meeting',
    [
      ['id', 'uuid'],
      ['title', 'text'],
      ['starts_at', 'timestamptz'],
      ['time_zone', 'text'],
      ['location', 'text'],
      ['format', 'meeting_format'],
      ['status', 'meeting_status'],
      ['agenda_revision', 'integer'],
      ['published_at', 'timestamptz'],
      ['published_by', 'uuid'],
      ['active_members_at_start', 'integer'],
      ['present_count', 'integer'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    meetings,
  );
  await insertRows(
    client,
    'agenda_item',
    [
      ['id', 'uuid'],
      ['meeting_id', 'uuid'],
      ['position', 'integer'],
      ['title', 'text'],
      ['description', 'text'],
      ['presenter_id', 'uuid'],
      ['duration_minutes', 'integer'],
      ['kind', 'agenda_item_kind'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    items,
  );
  await insertRows(
    client,
    'attendance',
    [
      ['meeting_id', 'uuid'],
      ['member_id', 'uuid'],
      ['status', 'attendance_status'],
      ['recorded_by', 'uuid'],
      ['recorded_at', 'timestamptz'],
    ],
    attendance,
  );
}

// Access tokens issued by the app's own AccessTokenService, one session per token, so each client
// is a distinct member with a distinct, valid session (as after a log-in, without 200 argon2 runs).
export async function mintTokens(
  client: Client,
  jwtSecret: string,
  memberIds: string[],
): Promise<string[]> {
  const { AccessTokenService } = fromDist<{
    AccessTokenService: new (jwt: unknown) => {
      issue(claims: { memberId: string; sessionId: string }, now: Date): { token: string };
    };
  }>('libs/accounts/src/domain/access-token.service.js');
  const issuer = new AccessTokenService(
    new JwtService({ secret: jwtSecret, signOptions: { algorithm: 'HS256' } }),
  );
  const now = new Date();
  const sessions = memberIds.map(() => crypto.randomUUID());
  await insertRows(
    client,
    'auth_session',
    [
      ['id', 'uuid'],
      ['member_id', 'uuid'],
      ['created_at', 'timestamptz'],
      ['expires_at', 'timestamptz'],
    ],
    memberIds.map((memberId, i) => [
      sessions[i],
      memberId,
      now,
      new Date(now.getTime() + 86_400_000),
    ]),
  );
  return memberIds.map(
    (memberId, i) => issuer.issue({ memberId, sessionId: sessions[i] }, now).token,
  );
}
