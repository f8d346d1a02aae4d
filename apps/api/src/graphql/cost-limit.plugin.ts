import type { ApolloServerPlugin } from '@apollo/server';
import { CostLimitOptions, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  ArgumentNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  Kind,
  SelectionSetNode,
  TypeInfo,
  ValueNode,
  getNamedType,
  getVariableValues,
  isLeafType,
  isListType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@council/core';
import { PAGE_SIZE_ARGUMENT } from './pagination.args';

// The size at which each list of objects without pages is counted, by field ("Type.field"): armor
// would count it as one item, so lists nested through their back-edges (nominations → contest →
// nominations …) passed at a fraction of their cost. Every such field of the schema must be listed
// (checked at start-up).
export type ListSizes = Readonly<Record<string, number>>;

// armor's cost rule multiplies a list's cost by its page size only when `first` is written as a
// literal: `members(first: $n)` or `members` (the default page) counted as one row, so nested lists
// passed with any page size. Here, once the operation is known and before anything runs, every
// paginated field gets its real page size written in as a literal (from the variables, or the
// default), every other list of objects its size from `listSizes`, and armor's rule judges that
// document. (Only armor's rule judges it, so `first` on a field that has no such argument is fine.)
export function withPageSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  listSizes: ListSizes = {},
): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        let counted: number;
        if (isPaginated(typeInfo)) {
          const given = node.arguments?.find(
            (argument) => argument.name.value === PAGE_SIZE_ARGUMENT,
          );
          counted = pageSize(given?.value, variables);
        } else {
          const parent = typeInfo.getParentType();
          const listed = parent ? listSizes[`${parent.name}.${node.name.value}`] : undefined;
          if (listed === undefined) return undefined;
          counted = listed;
        }
        const others = (node.arguments ?? []).filter(
          (argument) => argument.name.value !== PAGE_SIZE_ARGUMENT,
        );
        const size: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: PAGE_SIZE_ARGUMENT },
          value: { kind: Kind.INT, value: String(counted) },
        };
        return { ...node, arguments: [...others, size] };
      },
    }),
  );
}

// A list without pages asked for inside itself on one path: a contest's nominations, each one's
// contest, its nominations again; an election's contests, each one's election, its contests again.
// No client needs that (each item already says what it belongs to), and its real size grows as a
// power of the list's, which no estimate prices: refused whatever its counted cost. Below a field
// of `freshRows` (a contest's runoffs: other elections) a list is not the one above it. Fragments
// are followed, each summarised once, so the check takes time in proportion to the document
// however often its fragments are spread. The coordinate ("Type.field") of the first such list,
// or null.
export function listNestedInItself(
  schema: GraphQLSchema,
  document: DocumentNode,
  listSizes: ListSizes,
  freshRows: ReadonlySet<string> = new Set(),
): string | null {
  // What a selection set holds: the lists anywhere inside it, and the first list inside itself.
  interface Summary {
    lists: ReadonlySet<string>;
    nested: string | null;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const summaries = new Map<string, Summary>();
  const ofFragment = (name: string): Summary | undefined => {
    const known = summaries.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return undefined;
    // Fragment cycles are refused by validation before this runs; this only keeps a cycle finite.
    summaries.set(name, { lists: new Set(), nested: null });
    const summary = summarise(
      fragment.selectionSet,
      schema.getType(fragment.typeCondition.name.value),
    );
    summaries.set(name, summary);
    return summary;
  };
  const summarise = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
  ): Summary => {
    const lists = new Set<string>();
    let nested: string | null = null;
    const add = (inner: Summary) => {
      nested ??= inner.nested;
      for (const list of inner.lists) lists.add(list);
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        if (!field || !selection.selectionSet) continue;
        const coordinate = `${parent!.name}.${field.name}`;
        const inner = summarise(selection.selectionSet, getNamedType(field.type));
        const isList = (listSizes[coordinate] ?? 0) > 1;
        const fresh = freshRows.has(coordinate);
        if (isList && !fresh && inner.lists.has(coordinate)) nested ??= coordinate;
        nested ??= inner.nested;
        if (isList) lists.add(coordinate);
        if (!fresh) for (const list of inner.lists) lists.add(list);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        add(summarise(selection.selectionSet, type));
      } else {
        const summary = ofFragment(selection.name.value);
        if (summary) add(summary);
      }
    }
    return { lists, nested };
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const { nested } = summarise(definition.selectionSet, schema.getRootType(definition.operation));
    if (nested) return nested;
  }
  return null;
}

// Every field of the schema that returns a list of objects and takes no page size: each needs a
// size in ListSizes.
export function unpagedObjectLists(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const paginated = field.args.some((argument) => argument.name === PAGE_SIZE_ARGUMENT);
      if (paginated) continue;
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (isListType(unwrapped) && !isLeafType(getNamedType(unwrapped))) {
        found.push(`${type.name}.${field.name}`);
      }
    }
  }
  return found.sort();
}

// The field being visited takes a page size.
function isPaginated(typeInfo: TypeInfo): boolean {
  return (
    typeInfo.getFieldDef()?.args.some((argument) => argument.name === PAGE_SIZE_ARGUMENT) ?? false
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

// Where each paginated field of a document takes its page size from (a literal, a variable, or
// nothing: the default), in document order.
export function pageSizeSources(
  schema: GraphQLSchema,
  document: DocumentNode,
): Array<ValueNode | undefined> {
  const typeInfo = new TypeInfo(schema);
  const sources: Array<ValueNode | undefined> = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!isPaginated(typeInfo)) return;
        sources.push(
          node.arguments?.find((argument) => argument.name.value === PAGE_SIZE_ARGUMENT)?.value,
        );
      },
    }),
  );
  return sources;
}

// Verdicts kept per document: the same few queries arrive again and again, and a verdict depends
// only on the document and its page sizes (a bounded set: each size is clamped to the largest page).
const VERDICTS_PER_DOCUMENT = 64;

interface DocumentVerdicts {
  // The refusal of a list nested inside itself, or null (see listNestedInItself).
  nestedList: string | null;
  sources: Array<ValueNode | undefined>;
  usesVariables: boolean;
  // page sizes joined -> the refusal's message, or null when the cost is within the limit
  verdicts: Map<string, string | null>;
}

export function costLimitPlugin(
  options: CostLimitOptions,
  listSizes: ListSizes,
  freshRows: ReadonlySet<string> = new Set(),
): ApolloServerPlugin {
  const rule = costLimitRule({
    ...options,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  });
  const documents = new WeakMap<DocumentNode, DocumentVerdicts>();
  return {
    async serverWillStart({ schema }) {
      const lists = unpagedObjectLists(schema);
      const missing = lists.filter((field) => listSizes[field] === undefined);
      const unknown = Object.keys(listSizes).filter((field) => !lists.includes(field));
      if (missing.length > 0 || unknown.length > 0) {
        throw new Error(
          `List sizes for the cost limit: missing ${missing.join(', ') || 'none'}; not lists of the schema ${unknown.join(', ') || 'none'}`,
        );
      }
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          let known = documents.get(document);
          if (!known) {
            const sources = pageSizeSources(schema, document);
            const nested = listNestedInItself(schema, document, listSizes, freshRows);
            known = {
              nestedList:
                nested === null
                  ? null
                  : `The list ${nested} is asked for inside itself: ask for it once (each item says what it belongs to)`,
              sources,
              usesVariables: sources.some((source) => source?.kind === Kind.VARIABLE),
              verdicts: new Map(),
            };
            documents.set(document, known);
          }
          if (known.nestedList !== null) {
            throw new GraphQLError(known.nestedList, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          // Defaults declared in the operation (`$n: Int = 100`) count too. Values that do not
          // coerce are refused by execution; until then they count as given.
          const given = request.variables ?? {};
          const variables = known.usesVariables
            ? (getVariableValues(schema, operation?.variableDefinitions ?? [], given, {
                maxErrors: 1,
              }).coerced ?? given)
            : given;
          const key = known.sources.map((source) => pageSize(source, variables)).join(',');
          let verdict = known.verdicts.get(key);
          if (verdict === undefined) {
            const errors = validate(schema, withPageSizes(schema, document, variables, listSizes), [
              rule,
            ]);
            verdict = errors.length > 0 ? errors[0].message : null;
            if (known.verdicts.size >= VERDICTS_PER_DOCUMENT) known.verdicts.clear();
            known.verdicts.set(key, verdict);
          }
          if (verdict !== null) {
            throw new GraphQLError(verdict, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
