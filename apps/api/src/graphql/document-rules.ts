import { ASTVisitor, GraphQLError, OperationTypeNode, ValidationContext } from 'graphql';

// Aliases must not multiply password guesses past the log-in throttle: one `login` per document.
export function singleLoginPerDocument(context: ValidationContext): ASTVisitor {
  let count = 0;
  return {
    Field(node) {
      if (node.name.value !== 'login' || context.getParentType()?.name !== 'Mutation') return;
      count += 1;
      if (count === 2) {
        context.reportError(
          new GraphQLError('Only one login is allowed per request', { nodes: [node] }),
        );
      }
    },
  };
}

// The schema has no Subscription type, and graphql-js 16 validates a subscription anyway, then
// fails to execute it as if the server had failed: refused here as the client's mistake.
export function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === OperationTypeNode.SUBSCRIPTION) {
        context.reportError(new GraphQLError('Subscriptions are not supported', { nodes: [node] }));
      }
    },
  };
}
