import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { Logger } from '@nestjs/common';

// Counts the SQL statements the app sends, so tests can assert that a request does a bounded
// number of queries (no N+1). Counting costs one integer increment per statement.
let statementCount = 0;

export const QueryCounter = {
  get count(): number {
    return statementCount;
  },
  reset(): void {
    statementCount = 0;
  },
};

export class QueryCountingLogger extends AbstractLogger {
  private readonly logger = new Logger('Database');

  override logQuery(): void {
    statementCount += 1;
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
