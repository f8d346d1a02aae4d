import type { ApolloServerPlugin } from '@apollo/server';
import { CostLimitOptions, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  ArgumentNode,
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  TypeInfo,
  ValueNode,
  getVariableValues,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@council/core';

const PAGE_SIZE_ARGUMENT = 'first';

// armor's cost rule multiplies a list's cost by its page size only when `first` is written as a
// literal: `members(first: $n)` or `members` (the default page) counted as one row, so nested lists
// passed with any page size. Here, once the operation is known and before anything runs, every
// paginated field gets its real page size written in as a literal (from the variables, or the
// default), and armor's rule judges that document.
export function withPageSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const paginated = typeInfo
          .getFieldDef()
          ?.args.some((argument) => argument.name === PAGE_SIZE_ARGUMENT);
        if (!paginated) return undefined;
        const others = (node.arguments ?? []).filter(
          (argument) => argument.name.value !== PAGE_SIZE_ARGUMENT,
        );
        const given = node.arguments?.find(
          (argument) => argument.name.value === PAGE_SIZE_ARGUMENT,
        );
        const size: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: PAGE_SIZE_ARGUMENT },
          value: { kind: Kind.INT, value: String(pageSize(given?.value, variables)) },
        };
        return { ...node, arguments: [...others, size] };
      },
    }),
  );
}

// Out-of-range sizes are refused by argument validation (BAD_USER_INPUT naming `first`); here
// they count as the largest allowed page.
function pageSize(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  const given =
    value?.kind === Kind.INT
      ? Number(value.value)
      : value?.kind === Kind.VARIABLE
        ? variables[value.name.value]
        : undefined;
  if (given === undefined || given === null) return DEFAULT_PAGE_SIZE;
  return typeof given === 'number' && Number.isInteger(given)
    ? Math.min(Math.max(given, 0), MAX_PAGE_SIZE)
    : MAX_PAGE_SIZE;
}

export function costLimitPlugin(options: CostLimitOptions): ApolloServerPlugin {
  const rule = costLimitRule({
    ...options,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // Defaults declared in the operation (`$n: Int = 100`) count too. Values that do not
          // coerce are refused by execution; until then they count as given.
          const given = request.variables ?? {};
          const definitions = operation?.variableDefinitions ?? [];
          const { coerced } = getVariableValues(schema, definitions, given, { maxErrors: 1 });
          const errors = validate(schema, withPageSizes(schema, document, coerced ?? given), [
            rule,
          ]);
          if (errors.length > 0) {
            throw new GraphQLError(errors[0].message, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
