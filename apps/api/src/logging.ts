import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@council/config';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

// One JSON line per request with its id. Bodies, headers with credentials and query strings are
// never logged: they carry passwords, tokens and ballots. Lines go to stdout unless a destination
// is given (the log tests capture them).
export function buildLoggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    level: config.LOG_LEVEL,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // Path only: a query string could carry a token or a GraphQL document with secrets.
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req: IncomingMessage) => {
      const body = (req as IncomingMessage & { body?: { operationName?: unknown } }).body;
      const operation =
        typeof body?.operationName === 'string' ? body.operationName.slice(0, 100) : undefined;
      return operation ? { operation } : {};
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
  };
  if (!config.hasSafeguards) {
    // SAFEGUARDS=off (benchmark only): no request middleware at all, so no line per request and
    // no AsyncLocalStorage around each request.
    return { forRoutes: [], pinoHttp: { ...options, autoLogging: false } };
  }
  return { pinoHttp: destination ? [options, destination] : options };
}
