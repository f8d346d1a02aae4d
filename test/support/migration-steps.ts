import type { MigrationInterface } from 'typeorm';
import type { TestApp } from './test-app';

// Runs one direction of a migration in a transaction of its own, as the migration runner does.
export async function runMigrationStep(
  t: TestApp,
  migration: MigrationInterface,
  step: 'up' | 'down',
): Promise<void> {
  const runner = t.dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    await migration[step](runner);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
