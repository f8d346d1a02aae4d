import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { Permission } from '@council/access';
import { IS_PUBLIC, REQUIRED_PERMISSION } from '../../apps/api/src/auth/auth.decorators';

export type Declaration = 'PUBLIC' | Permission | 'UNDECLARED';

export interface OperationDeclaration {
  operation: string;
  type: 'Query' | 'Mutation';
  declaration: Declaration;
}

// Reads, from the running app, what every root Query/Mutation resolver declares: @Public or
// @Can(permission). This is what the global guard enforces.
export function readOperationDeclarations(app: INestApplication): OperationDeclaration[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const declarations: OperationDeclaration[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, unknown>)[methodName] as (
        ...args: unknown[]
      ) => unknown;
      const type = Reflect.getMetadata('graphql:resolver_type', method) as string | undefined;
      if (type !== 'Query' && type !== 'Mutation') continue;
      const name =
        (Reflect.getMetadata('graphql:resolver_name', method) as string | undefined) ?? methodName;
      const targets = [method, instance.constructor as (...args: unknown[]) => unknown];
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
      const permission = reflector.getAllAndOverride<Permission | undefined>(
        REQUIRED_PERMISSION,
        targets,
      );
      declarations.push({
        operation: name,
        type,
        declaration: isPublic ? 'PUBLIC' : (permission ?? 'UNDECLARED'),
      });
    }
  }
  return declarations.sort((a, b) =>
    `${a.type}.${a.operation}`.localeCompare(`${b.type}.${b.operation}`),
  );
}
