import { Controller, Get, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { discardConnectionOnRelease, readOnlyReason } from '@council/database';
import { Public } from '../auth/auth.decorators';

const PING_TIMEOUT_MS = 1500;

// Flipped at the start of a graceful shutdown so the load balancer stops sending traffic first.
@Injectable()
export class Lifecycle {
  isShuttingDown = false;
}

@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: Lifecycle,
    private readonly dataSource: DataSource,
  ) {}

  @Public()
  @Get()
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    if (this.lifecycle.isShuttingDown) {
      throw new ServiceUnavailableException({ status: 'shutting_down' });
    }
    try {
      return await this.health.check([
        async () => {
          const ping = await this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS });
          await this.assertWritable();
          return ping;
        },
      ]);
    } catch (error) {
      // The probe is public: the driver's message (database, user, host) stays in the server log.
      const details =
        error instanceof ServiceUnavailableException ? error.getResponse() : String(error);
      this.logger.warn({ details }, 'Readiness check failed');
      throw new ServiceUnavailableException({
        status: 'error',
        details: { database: { status: 'down' } },
      });
    }
  }

  // A server that answers `SELECT 1` may still refuse every write: a standby the connection landed
  // on after a switchover. Not ready then, and that session is closed rather than pooled.
  private async assertWritable(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const check = (async () => {
      try {
        const reason = await readOnlyReason(runner);
        if (reason) discardConnectionOnRelease(runner, new Error(reason));
        return reason;
      } finally {
        await runner.release();
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('writability check timed out')), PING_TIMEOUT_MS);
    });
    try {
      const reason = await Promise.race([check, timeout]);
      if (reason) throw new Error(`the database server is read-only: ${reason}`);
    } finally {
      clearTimeout(timer);
      check.catch(() => undefined);
    }
  }
}
