import type { ApolloServerPlugin } from '@apollo/server';
import {
  DirectiveNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  getNamedType,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  visit,
} from 'graphql';
import { CursorKind, ValidationError, pageWindow } from '@council/core';
import { CURSOR_ARGUMENT, PAGE_SIZE_ARGUMENT } from './pagination.args';

// The cursor kind of every paginated field ("Type.field"), to read its `after` with.
export type CursorKinds = Readonly<Record<string, CursorKind>>;

interface OperationShape {
  paginated: boolean;
  conditionVariables: string[];
}

interface PageArguments {
  kind: CursorKind;
  first: ValueNode | undefined;
  after: ValueNode | undefined;
}

// A mutation commits before the nested fields of its answer resolve: a page size out of range or a
// cursor of another list, refused only there, answered an error for a change that was made (and
// an invitation's one-time token was lost). So the page arguments of the fields the operation will
// resolve are checked once the operation is known, before anything runs, by the rule the lists
// apply (pageWindow).
export function pageArgumentsPlugin(kinds: CursorKinds): ApolloServerPlugin {
  // Per document and operation: whether it selects a paginated field at all (most do not), and the
  // variables its @skip / @include conditions read.
  const documents = new WeakMap<DocumentNode, Map<string | undefined, OperationShape>>();
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
          let shape = byOperation.get(name);
          if (shape === undefined) {
            shape = {
              paginated: pageArgumentsOf(schema, document, operation, kinds, null).length > 0,
              conditionVariables: conditionVariablesOf(document, operation),
            };
            byOperation.set(name, shape);
          }
          if (!shape.paginated && shape.conditionVariables.length === 0) return;
          // Variables that do not coerce are refused by execution before anything runs.
          const variables = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
            { maxErrors: 1 },
          ).coerced;
          if (!variables) return;
          // A nullable variable given null (or nothing) as an `if`: graphql-js refuses it only
          // when it reaches the field, after a mutation has run.
          for (const variable of shape.conditionVariables) {
            if (typeof variables[variable] !== 'boolean') {
              const refusal = ValidationError.field(
                variable,
                `$${variable} decides an @skip or @include and must be true or false`,
              );
              throw new GraphQLError(refusal.message, {
                originalError: refusal,
                extensions: { http: { status: 400 } },
              });
            }
          }
          if (!shape.paginated) return;
          for (const page of pageArgumentsOf(schema, document, operation, kinds, variables)) {
            try {
              pageWindow(
                {
                  first: valueOf(page.first, variables) as number | null | undefined,
                  after: valueOf(page.after, variables) as string | null | undefined,
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

// The paginated fields the operation selects, through the fragments it spreads (only those: a
// document may hold other operations and their fragments). With variables, what @skip / @include
// leave out is left out, as execution will; without, everything counts. Each fragment is walked
// once: what it selects does not depend on where it is spread (its type condition is its parent),
// and fragments spreading others twice over would otherwise cost 2^n steps.
function pageArgumentsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  kinds: CursorKinds,
  variables: Record<string, unknown> | null,
): PageArguments[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const walked = new Set<string>();
  const runs = (directives: readonly DirectiveNode[] | undefined) =>
    variables === null || conditionsOf(directives).every((d) => holds(d, variables));
  const found: PageArguments[] = [];
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | null | undefined) => {
    for (const selection of selectionSet.selections) {
      if (!runs(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) {
        const fieldDef =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        const kind = parent ? kinds[`${parent.name}.${selection.name.value}`] : undefined;
        if (kind) {
          const argument = (name: string) =>
            selection.arguments?.find((candidate) => candidate.name.value === name)?.value;
          found.push({
            kind,
            first: argument(PAGE_SIZE_ARGUMENT),
            after: argument(CURSOR_ARGUMENT),
          });
        }
        if (selection.selectionSet && fieldDef) {
          walk(selection.selectionSet, getNamedType(fieldDef.type));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        walk(selection.selectionSet, type);
      } else if (!walked.has(selection.name.value)) {
        walked.add(selection.name.value);
        // Validation has refused unknown and cyclic fragments.
        const fragment = fragments.get(selection.name.value);
        if (fragment) {
          walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
        }
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation));
  return found;
}

// The operation's variables read by @skip(if:) / @include(if:) in the document.
function conditionVariablesOf(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): string[] {
  const defined = new Set(
    (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
  );
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return;
      for (const argument of node.arguments ?? []) {
        const value = argument.value;
        if (value.kind === Kind.VARIABLE && defined.has(value.name.value)) {
          names.add(value.name.value);
        }
      }
    },
  });
  return [...names];
}

function conditionsOf(directives: readonly DirectiveNode[] | undefined): DirectiveNode[] {
  return (directives ?? []).filter(
    (directive) => directive.name.value === 'skip' || directive.name.value === 'include',
  );
}

// Whether @skip(if:) / @include(if:) lets the selection run, as graphql-js decides it.
function holds(directive: DirectiveNode, variables: Record<string, unknown>): boolean {
  const condition = directive.arguments?.find((argument) => argument.name.value === 'if');
  const value = valueOf(condition?.value, variables) === true;
  return directive.name.value === 'skip' ? !value : value;
}

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.BOOLEAN) return node.value;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  // null, or a type that validation has already refused.
  return null;
}
