import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MEMBER_CURSOR } from '@council/accounts';
import { AUDIT_CURSOR } from '@council/audit';
import { AppConfig } from '@council/config';
import { NOMINATION_CURSOR } from '@council/elections';
import { ACTION_ITEM_CURSOR, AGENDA_CHANGE_CURSOR, MEETING_CURSOR } from '@council/meetings';
import { ListSizes, costLimitPlugin } from './cost-limit.plugin';
import { CursorKinds, pageArgumentsPlugin } from './page-arguments.plugin';
import { formatGraphQLError, requestLogOnErrors } from './error-mapping';
import { LoaderServices } from './loaders';
import { noSubscriptions, singleLoginPerDocument } from './document-rules';
import { boundedDocumentStore } from './document-store';

// Limits that bound the work one request can ask for. Depth 10 fits the deepest real client query
// (meetings → edges → node → agenda → presenter → organization → ...). Cost counts each paginated
// list at its real page size and every other list at its size in LIST_SIZES: a page of 100
// meetings with their agendas and presenters fits, as do every election with its contests and
// results; a page of pages does not. A list asked for inside itself (a contest's nominations, each
// nomination's contest, its nominations again) is refused whatever its cost (listNestedInItself).
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 200_000,
} as const;

// The size at which each list without pages is counted: what it reaches in a council of some 60
// member companies, or the domain's cap where that is lower (4 contests per election, 4 seats per
// roster). An estimate, not a cap: a longer list costs more than counted, in proportion, while
// nesting multiplies. Connections' edges are counted by the page size of the field that returns
// the connection. Every such field of the schema must be here (checked at start-up).
export const LIST_SIZES: ListSizes = {
  'Query.elections': 20,
  'Query.myActionItems': 50,
  'Query.organizations': 60,
  'Query.terms': 20,
  'ActionItemConnection.edges': 1,
  'AgendaChangeConnection.edges': 1,
  'AuditEntryConnection.edges': 1,
  'MeetingConnection.edges': 1,
  'MemberConnection.edges': 1,
  'NominationConnection.edges': 1,
  'Term.roster': 4,
  'Meeting.agenda': 20,
  'Meeting.attendance': 60,
  'Meeting.roll': 60,
  'AgendaChange.changes': 5,
  'Minutes.history': 5,
  'Minutes.items': 20,
  'MinutesVersion.items': 20,
  'MinutesVersion.returns': 2,
  'MinutesItem.actionItems': 5,
  'MinutesItem.decisions': 5,
  'MinutesAttendance.present': 60,
  'MinutesAttendance.absent': 60,
  'MinutesAttendance.excused': 60,
  'Election.contests': 4,
  'Election.approvals': 4,
  'Election.pendingApprovals': 4,
  'Contest.candidates': 20,
  'Contest.nominations': 20,
  'Contest.results': 20,
  'Contest.runoffs': 2,
  'BallotBox.ballots': 60,
  'PublishedBallot.choices': 4,
};

// Fields that lead to other rows of the same kinds: a contest's runoffs are other elections, so
// their contests (and their runoffs) are not the lists above them (see listNestedInItself).
export const FRESH_ROWS: ReadonlySet<string> = new Set(['Contest.runoffs']);

// Every paginated field and the list its cursors come from (checked at start-up: none is missing).
export const CURSOR_KINDS: CursorKinds = {
  'Query.meetings': MEETING_CURSOR,
  'Query.actionItems': ACTION_ITEM_CURSOR,
  'Query.members': MEMBER_CURSOR,
  'Query.auditLog': AUDIT_CURSOR,
  'Organization.members': MEMBER_CURSOR,
  'Query.myNominations': NOMINATION_CURSOR,
  'Meeting.agendaChanges': AGENDA_CHANGE_CURSOR,
};

export function buildGraphQLOptions(
  config: AppConfig,
  loaders: LoaderServices,
): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: {
      n: GRAPHQL_LIMITS.maxDepth,
      flattenFragments: true,
      exposeLimits: !config.isProduction,
    },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, exposeLimits: !config.isProduction },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: !config.isProduction },
    // Counted by graphql-js's own parser instead (parseOptions below): armor's Apollo token plugin
    // re-parses in parsingDidStart, where any syntax error becomes an HTTP 500.
    maxTokens: { enabled: false },
    // Judged once the variables are known (cost-limit.plugin.ts), with armor's own rule.
    costLimit: { enabled: false },
    // "Did you mean …" hints are taken out by formatGraphQLError (error-mapping.ts), which tells a
    // variable's quoted value (the user's own text) from graphql-js's problem; armor's plugin
    // rewrote the whole message, and a value holding "Did you mean" lost the field's path with it.
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // Set explicitly, not left to NODE_ENV.
    introspection: !config.isProduction,
    graphiql: !config.isProduction,
    playground: false,
    includeStacktraceInErrorResponses: false,
    // Off: Apollo's plugin strips "Did you mean" from validation errors with a pattern whose time
    // is quadratic in the message (which quotes the client's literal: some 0.5 s of CPU for 100 kB);
    // formatGraphQLError strips the hints from every error, in linear time (error-mapping.ts).
    hideSchemaDetailsFromClientErrors: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    persistedQueries: false,
    // Apollo's default store of parsed documents undercounts them (document-store.ts).
    documentStore: boundedDocumentStore(),
    maxRecursiveSelections: true,
    parseOptions: config.hasSafeguards ? { maxTokens: GRAPHQL_LIMITS.maxTokens } : {},
    // armor is typed against Apollo's CJS declarations, Nest against its ESM ones: same runtime objects.
    // Answers are never cached (Cache-Control: no-store), and Apollo's cache-control plugin hooks
    // every field of every response: off. SAFEGUARDS=off (benchmark only) drops the limits.
    plugins: [
      ...(config.hasSafeguards
        ? [
            ...protection.plugins,
            costLimitPlugin(
              { maxCost: GRAPHQL_LIMITS.maxCost, exposeLimits: !config.isProduction },
              LIST_SIZES,
              FRESH_ROWS,
            ),
          ]
        : []),
      pageArgumentsPlugin(CURSOR_KINDS),
      ApolloServerPluginCacheControlDisabled(),
      requestLogOnErrors,
    ] as unknown as ApolloDriverConfig['plugins'],
    validationRules: [
      noSubscriptions,
      ...(config.hasSafeguards ? [...protection.validationRules, singleLoginPerDocument] : []),
    ],
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({
      req,
      res,
      loaders: loaders.create(),
    }),
  };
}
