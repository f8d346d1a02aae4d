import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '@council/config';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

// One JSON line per request with its id. Bodies, headers with credentials and query strings are
// never logged: they carry passwords, tokens and ballots.
export function buildLoggerOptions(config: AppConfig): Params {
  return {
    // SAFEGUARDS=off (benchmark only): no request middleware at all, so no per-request logger (and
    // no AsyncLocalStorage around each request).
    ...(config.hasSafeguards ? {} : { forRoutes: [] }),
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming)
            ? incoming
            : randomUUID();
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
      // SAFEGUARDS=off (benchmark only): no line per request.
      autoLogging: config.hasSafeguards
        ? { ignore: (req: IncomingMessage) => req.url === '/health' }
        : false,
    },
  };
}
