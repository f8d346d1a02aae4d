import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

// Whether the field being resolved selects `name` among its direct subfields (inline and named
// fragments included): lets a loader fetch in one batch what the response is about to ask for.
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    set !== undefined &&
    set.selections.some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name;
        case Kind.INLINE_FRAGMENT:
          return within(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const fragment = info.fragments[selection.name.value];
          if (!fragment || visited.has(fragment.name.value)) return false;
          visited.add(fragment.name.value);
          return within(fragment.selectionSet);
        }
      }
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
