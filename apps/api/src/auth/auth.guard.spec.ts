import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission, Principal, Role } from '@council/access';
import { AuthGuard } from './auth.guard';
import { IS_PUBLIC, REQUIRED_PERMISSION } from './auth.decorators';
import { OperationRateGuard } from './operation-rate.guard';

// Every operation of the schema declares a permission (the permission matrix checks that), so the
// guard's fail-closed branch is reached only here.
const contextWith = (user: Principal | undefined) =>
  ({
    getHandler: () => function handler() {},
    getClass: () => class Resolver {},
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ user, headers: {} }) }),
  }) as unknown as ExecutionContext;

const reflectorWith = (metadata: Record<string, unknown>) =>
  ({ getAllAndOverride: (key: string) => metadata[key] }) as unknown as Reflector;

// The rate limit has its own specs (test/operation-rate*.e2e-spec.ts); here it lets everything by.
const unlimited = { canActivate: async () => true } as unknown as OperationRateGuard;

describe('AuthGuard', () => {
  const everyRole = new Principal('member', 'session', new Set(Object.values(Role)));

  it('refuses an operation that declares no permission, whoever calls', async () => {
    await expect(
      new AuthGuard(reflectorWith({}), unlimited).canActivate(contextWith(everyRole)),
    ).rejects.toMatchObject({ reason: 'NO_PERMISSION_DECLARED' });
  });

  it('lets a declared permission through for a holder, and refuses others', async () => {
    const guard = new AuthGuard(
      reflectorWith({ [REQUIRED_PERMISSION]: Permission.VIEW_COUNCIL }),
      unlimited,
    );
    await expect(guard.canActivate(contextWith(everyRole))).resolves.toBe(true);
    const nobody = new Principal('member', 'session', new Set());
    await expect(guard.canActivate(contextWith(nobody))).rejects.toMatchObject({
      reason: 'PERMISSION_DENIED',
    });
  });

  it('lets a public operation through without a principal', async () => {
    const guard = new AuthGuard(reflectorWith({ [IS_PUBLIC]: true }), unlimited);
    await expect(guard.canActivate(contextWith(undefined))).resolves.toBe(true);
  });
});
