import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { selectsField } from './selection';

// The resolve info of the `agenda` field of `meeting` in a document.
function agendaInfo(source: string): GraphQLResolveInfo {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const meeting = operation.selectionSet.selections[0] as FieldNode;
  const agenda = meeting.selectionSet!.selections[0] as FieldNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes: [agenda], fragments } as unknown as GraphQLResolveInfo;
}

describe('selectsField', () => {
  it.each([
    ['directly', '{ meeting { agenda { title presenter { fullName } } } }', true],
    [
      'through an inline fragment',
      '{ meeting { agenda { ... on AgendaItem { presenter { id } } } } }',
      true,
    ],
    [
      'through a named fragment',
      '{ meeting { agenda { ...Item } } } fragment Item on AgendaItem { title presenter { id } }',
      true,
    ],
    ['not at all', '{ meeting { agenda { title } } }', false],
    ['only deeper down', '{ meeting { agenda { meeting { presenter { id } } } } }', false],
  ])('sees a subfield selected %s', (_how, source, expected) => {
    expect(selectsField(agendaInfo(source), 'presenter')).toBe(expected);
  });
});
