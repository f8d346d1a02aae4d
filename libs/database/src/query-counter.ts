import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { Logger } from '@nestjs/common';

// Counts the SQL statements the app sends, so tests can assert that a request does a bounded
// number of queries (no N+1). Counting costs one integer increment per statement; the statements'
// texts are kept only while a test asks for them (`recordTexts`).
let statementCount = 0;
let statementTexts: string[] | null = null;

export const QueryCounter = {
  get count(): number {
    return statementCount;
  },
  // The texts sent since the last reset (never their parameters), once recordTexts was called.
  get texts(): readonly string[] {
    return statementTexts ?? [];
  },
  recordTexts(): void {
    statementTexts = [];
  },
  reset(): void {
    statementCount = 0;
    if (statementTexts) statementTexts = [];
  },
};

export class QueryCountingLogger extends AbstractLogger {
  private readonly logger = new Logger('Database');

  override logQuery(query: string): void {
    statementCount += 1;
    statementTexts?.push(query);
  }

  override logQuerySlow(time: number): void {
    this.logger.warn(`slow query: ${time} ms`);
  }

  protected writeLog(
    level: LogLevel,
    message: LogMessage | LogMessage[],
    _queryRunner?: QueryRunner,
  ): void {
    const messages = Array.isArray(message) ? message : [message];
    for (const entry of messages) {
      // Never log SQL parameters: they may hold hashes, tokens or ballot content.
      if (level === 'error' || level === 'warn') this.logger.warn(String(entry.type ?? level));
    }
  }
}
