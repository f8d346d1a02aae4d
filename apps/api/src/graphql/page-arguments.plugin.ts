import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  ValueNode,
  getVariableValues,
  isObjectType,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { CursorKind, pageWindow } from '@council/core';

const PAGE_SIZE_ARGUMENT = 'first';
const CURSOR_ARGUMENT = 'after';

// The cursor kind of every paginated field ("Type.field"), to read its `after` with.
export type CursorKinds = Readonly<Record<string, CursorKind>>;

interface PageArguments {
  kind: CursorKind;
  first: ValueNode | undefined;
  after: ValueNode | undefined;
}

// A mutation commits before the nested fields of its answer resolve: a page size out of range or a
// cursor of another list, refused only there, answered an error for a change that was made (and
// an invitation's one-time token was lost). So every page argument of an operation is checked
// once the operation is known, before anything runs, by the rule the lists apply (pageWindow).
export function pageArgumentsPlugin(kinds: CursorKinds): ApolloServerPlugin {
  const documents = new WeakMap<DocumentNode, Map<string | undefined, PageArguments[]>>();
  return {
    async serverWillStart({ schema }) {
      const missing = paginatedFields(schema).filter((field) => !kinds[field]);
      if (missing.length > 0) {
        throw new Error(`No cursor kind for the paginated fields ${missing.join(', ')}`);
      }
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let byOperation = documents.get(document);
          if (!byOperation) {
            byOperation = new Map();
            documents.set(document, byOperation);
          }
          const name = operation.name?.value;
          let found = byOperation.get(name);
          if (!found) {
            found = pageArgumentsOf(schema, document, operation, kinds);
            byOperation.set(name, found);
          }
          if (found.length === 0) return;
          // Variables that do not coerce are refused by execution before anything runs.
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
            { maxErrors: 1 },
          ).coerced;
          if (!coerced) return;
          for (const page of found) {
            try {
              pageWindow(
                {
                  first: valueOf(page.first, coerced) as number | null | undefined,
                  after: valueOf(page.after, coerced) as string | null | undefined,
                },
                page.kind,
              );
            } catch (error) {
              throw new GraphQLError(error instanceof Error ? error.message : 'Invalid page', {
                originalError: error instanceof Error ? error : undefined,
                extensions: { http: { status: 400 } },
              });
            }
          }
        },
      };
    },
  };
}

// "Type.field" of every field that takes a page size.
export function paginatedFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => field.args.some((arg) => arg.name === PAGE_SIZE_ARGUMENT))
        .map((field) => `${type.name}.${field.name}`),
    );
}

// The page arguments of the operation and of every fragment (a fragment it does not use is
// checked too; validation already refused fragments no operation uses).
function pageArgumentsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  kinds: CursorKinds,
): PageArguments[] {
  const found: PageArguments[] = [];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      const kind = parent ? kinds[`${parent.name}.${node.name.value}`] : undefined;
      if (!kind) return;
      const argument = (name: string) =>
        node.arguments?.find((candidate) => candidate.name.value === name)?.value;
      found.push({ kind, first: argument(PAGE_SIZE_ARGUMENT), after: argument(CURSOR_ARGUMENT) });
    },
  });
  visit(operation, visitor);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, visitor);
  }
  return found;
}

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  // null, or a type that validation has already refused.
  return null;
}
