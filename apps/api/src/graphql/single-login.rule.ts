import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

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
