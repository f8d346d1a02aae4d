import { Controller, Get, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';

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
        () => this.database.pingCheck('database', { timeout: 1500 }),
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
}
