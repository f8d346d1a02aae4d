import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { HealthController, Lifecycle } from './health.controller';

// The probe is public: its answers say up or down, never what the driver said.
describe('HealthController', () => {
  const DRIVER_MESSAGE =
    'password authentication failed for user "council" at db.internal.example:5432';

  const controllerWith = (check: () => Promise<unknown>, lifecycle = new Lifecycle()) => {
    const health = { check } as unknown as HealthCheckService;
    const database = { pingCheck: jest.fn() } as unknown as TypeOrmHealthIndicator;
    return new HealthController(health, database, lifecycle, {} as DataSource);
  };

  const refusalOf = async (controller: HealthController) => {
    const refusal = await controller.ready().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    return (refusal as ServiceUnavailableException).getResponse();
  };

  afterEach(() => jest.restoreAllMocks());

  it('answers not ready while shutting down, without asking the database', async () => {
    const check = jest.fn(async () => ({ status: 'ok' }));
    const lifecycle = new Lifecycle();
    lifecycle.isShuttingDown = true;
    expect(await refusalOf(controllerWith(check, lifecycle))).toEqual({
      status: 'shutting_down',
    });
    expect(check).not.toHaveBeenCalled();
  });

  it.each([
    ['a driver error', new Error(DRIVER_MESSAGE)],
    [
      "terminus' own refusal",
      new ServiceUnavailableException({
        status: 'error',
        error: { database: { status: 'down', message: DRIVER_MESSAGE } },
      }),
    ],
  ])('answers a failed ping (%s) with the database down and nothing else', async (_name, error) => {
    const controller = controllerWith(async () => Promise.reject(error));
    jest.spyOn(controller['logger'], 'warn').mockImplementation(() => undefined);
    const response = await refusalOf(controller);
    expect(response).toEqual({ status: 'error', details: { database: { status: 'down' } } });
    expect(JSON.stringify(response)).not.toContain('password');
  });
});
