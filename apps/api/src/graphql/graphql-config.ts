import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { AppConfig } from '@council/config';
import { formatGraphQLError } from './error-mapping';
import { LoaderServices } from './loaders';
import { singleLoginPerDocument } from './single-login.rule';

// Limits that bound the work one request can ask for. Depth 10 fits the deepest real client query
// (meetings → edges → node → agenda → presenter → organization → ...).
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 5000,
} as const;

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
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, exposeLimits: !config.isProduction },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, exposeLimits: !config.isProduction },
    blockFieldSuggestion: { enabled: true },
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
    // armor is typed against Apollo's CJS declarations, Nest against its ESM ones: same runtime objects.
    // Answers are never cached (Cache-Control: no-store), and Apollo's cache-control plugin hooks
    // every field of every response: off.
    plugins: [
      ...(config.hasSafeguards ? protection.plugins : []),
      ApolloServerPluginCacheControlDisabled(),
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
