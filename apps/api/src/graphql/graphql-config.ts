import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MEMBER_CURSOR } from '@council/accounts';
import { AUDIT_CURSOR } from '@council/audit';
import { AppConfig } from '@council/config';
import { MEETING_CURSOR } from '@council/meetings';
import { costLimitPlugin } from './cost-limit.plugin';
import { CursorKinds, pageArgumentsPlugin } from './page-arguments.plugin';
import { formatGraphQLError, requestLogOnErrors } from './error-mapping';
import { LoaderServices } from './loaders';
import { singleLoginPerDocument } from './single-login.rule';

// Limits that bound the work one request can ask for. Depth 10 fits the deepest real client query
// (meetings → edges → node → agenda → presenter → organization → ...). Cost counts each list at its
// real page size: a full page of 100 with every field fits, a page of pages does not.
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 10_000,
} as const;

// Every paginated field and the list its cursors come from (checked at start-up: none is missing).
export const CURSOR_KINDS: CursorKinds = {
  'Query.meetings': MEETING_CURSOR,
  'Query.members': MEMBER_CURSOR,
  'Query.auditLog': AUDIT_CURSOR,
  'Organization.members': MEMBER_CURSOR,
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
    hideSchemaDetailsFromClientErrors: true,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    persistedQueries: false,
    maxRecursiveSelections: true,
    parseOptions: config.hasSafeguards ? { maxTokens: GRAPHQL_LIMITS.maxTokens } : {},
    // armor is typed against Apollo's CJS declarations, Nest against its ESM ones: same runtime objects.
    // Answers are never cached (Cache-Control: no-store), and Apollo's cache-control plugin hooks
    // every field of every response: off. SAFEGUARDS=off (benchmark only) drops the limits.
    plugins: [
      ...(config.hasSafeguards
        ? [
            ...protection.plugins,
            costLimitPlugin({
              maxCost: GRAPHQL_LIMITS.maxCost,
              exposeLimits: !config.isProduction,
            }),
          ]
        : []),
      pageArgumentsPlugin(CURSOR_KINDS),
      ApolloServerPluginCacheControlDisabled(),
      requestLogOnErrors,
    ] as unknown as ApolloDriverConfig['plugins'],
    validationRules: config.hasSafeguards
      ? [...protection.validationRules, singleLoginPerDocument]
      : [],
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({
      req,
      res,
      loaders: loaders.create(),
    }),
  };
}
