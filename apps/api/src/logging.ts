import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, pino } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { AppConfig } from '@council/config';
import type { GraphQLRequestOutcome } from './graphql/error-mapping';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface Logging {
  // For LoggerModule: the application's own lines (Nest's Logger) through the same pino logger.
  module: Params;
  // One JSON line per request; none with SAFEGUARDS=off (benchmark only).
  requestLog?: HttpLogger;
}

// The GraphQL operation (as Apollo resolved it; else as the body names it, for a document that
// did not parse) and its errors' reasons (graphql/error-mapping.ts), in the request's line.
function withOperation(req: IncomingMessage, line: object): object {
  const request = req as IncomingMessage &
    GraphQLRequestOutcome & {
      body?: { operationName?: unknown };
    };
  const named = request.body?.operationName;
  const operation = request.graphqlOperation ?? (typeof named === 'string' ? named : undefined);
  return {
    ...line,
    ...(operation !== undefined ? { operation: operation.slice(0, 100) } : {}),
    ...(request.graphqlErrors ? { errors: request.graphqlErrors } : {}),
  };
}

// One JSON line per request with its id. Bodies, headers with credentials and query strings are
// never logged: they carry passwords, tokens and ballots. Lines go to stdout unless a destination
// is given (the log tests capture them).
//
// The request line comes from pino-http mounted directly, not from nestjs-pino's middleware: that
// one runs every request inside an AsyncLocalStorage, and on Node 20 an active AsyncLocalStorage
// puts a hook on every promise the process creates (7 % of the CPU of a `meeting(id)`, measured
// by `npm run bench`). The one line that needs its request, an unexpected GraphQL error, is
// written through the request's own logger instead (graphql/error-mapping.ts).
export function createLogging(config: AppConfig, destination?: DestinationStream): Logging {
  const logger = pino(
    {
      level: config.LOG_LEVEL,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    destination,
  );
  const http = {
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // The serializers take the raw request and response: pino-http's default wrapping first copies
    // each into a plain object (headers included) only for these to pick three fields.
    wrapSerializers: false,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // Path only: a query string could carry a token or a GraphQL document with secrets.
        // Cut short: a request target may run to 16 KB, and log shippers split longer lines.
        path: req.url.split('?')[0].slice(0, 200),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // The operation goes into the line itself rather than into customProps, which makes two more
    // child loggers per request (the body is parsed only after this middleware runs).
    customSuccessObject: (req: IncomingMessage, _res: ServerResponse, line: object) =>
      withOperation(req, line),
    customErrorObject: (req: IncomingMessage, _res: ServerResponse, _error: Error, line: object) =>
      withOperation(req, line),
    // Probes (/health, /health/ready) every few seconds would drown the log.
    autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') === true },
  };
  return {
    module: { forRoutes: [], pinoHttp: { ...http, autoLogging: false } },
    requestLog: config.hasSafeguards ? pinoHttp(http) : undefined,
  };
}
