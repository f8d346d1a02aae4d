import { Client } from 'pg';

// Safety net: drops whatever database of this run a failed scenario left behind.
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const run = process.env.COUNCIL_FAULTS_RUN;
  if (!url || !run) return;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`council_faults_${run}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
