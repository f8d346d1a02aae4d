import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Observable } from 'rxjs';
import { GraphQLContext, LoaderServices } from './loaders';

// GraphQL runs a request's mutations one after another, and each answer shows the state after its
// own mutation. The request's loaders keep what they have read: from the second mutation on they
// start afresh, or its answer would show what an earlier answer read (an agenda in its earlier
// order, attendance without the entry just recorded). Runs on root fields only.
@Injectable()
export class FreshLoadersPerMutation implements NestInterceptor {
  constructor(private readonly loaders: LoaderServices) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() === 'graphql') {
      const graphql = GqlExecutionContext.create(context);
      if (graphql.getInfo<GraphQLResolveInfo>().parentType.name === 'Mutation') {
        const request = graphql.getContext<GraphQLContext & { mutationsStarted?: number }>();
        request.mutationsStarted = (request.mutationsStarted ?? 0) + 1;
        if (request.mutationsStarted > 1) request.loaders = this.loaders.create();
      }
    }
    return next.handle();
  }
}
