import type { NextFunction, Request, Response } from 'express';

// Express middleware in front of Apollo on /graphql. Whatever is refused here is answered in the
// API's error shape (API.md), never as an Express/Nest page that names the parser or echoes it.

const ALLOWED_METHODS = new Set(['GET', 'POST']);

export function noStore(_req: Request, res: Response, next: NextFunction): void {
  // Answers carry members' data: never cached by browsers or proxies.
  res.setHeader('Cache-Control', 'no-store');
  next();
}

// GraphQL over HTTP is GET and POST only. Without this, DELETE or OPTIONS reach Apollo's CSRF check
// and get a 400 that describes the CSRF rules instead of a plain 405. (CORS preflights, when CORS
// is configured, are answered before this point.)
export function onlyGetAndPost(req: Request, res: Response, next: NextFunction): void {
  if (ALLOWED_METHODS.has(req.method)) {
    next();
    return;
  }
  res.setHeader('Allow', 'GET, POST');
  sendRequestError(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET and POST are supported');
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

const BODY_ERRORS: Record<string, { reason: string; message: string }> = {
  'entity.too.large': { reason: 'BODY_TOO_LARGE', message: 'Request body too large' },
  'entity.parse.failed': { reason: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
  'charset.unsupported': {
    reason: 'UNSUPPORTED_CHARSET',
    message: 'Request body must be UTF-8 encoded',
  },
  'encoding.unsupported': {
    reason: 'UNSUPPORTED_ENCODING',
    message: 'Unsupported content encoding',
  },
  'request.aborted': { reason: 'REQUEST_ABORTED', message: 'Request aborted' },
  'request.size.invalid': { reason: 'BODY_SIZE_MISMATCH', message: 'Request size did not match' },
};

// A body whose Content-Encoding does not decode (not gzip, cut short): body-parser passes zlib's
// error on with a status and no type.
const UNDECODABLE_BODY = {
  reason: 'UNDECODABLE_BODY',
  message: 'Request body could not be decoded',
};

// zlib's codes: Z_DATA_ERROR and Z_BUF_ERROR for gzip and deflate, ERR__ERROR_FORMAT_… and
// ERR_BROTLI_… for brotli.
const ZLIB_ERROR_CODE = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;

function isDecodingError(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' && ZLIB_ERROR_CODE.test(code);
}

// body-parser failures (413, malformed JSON, a foreign charset, an encoding that does not decode):
// a client error with a fixed message; the parser's own message (which echoes the body, or names
// zlib's complaint) is not sent back.
export function graphqlBodyErrors(
  error: unknown,
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  const { type, status } = (error ?? {}) as BodyParserError;
  const known =
    typeof type === 'string'
      ? BODY_ERRORS[type]
      : isDecodingError(error)
        ? UNDECODABLE_BODY
        : undefined;
  if (!known || typeof status !== 'number' || status < 400 || status >= 500) {
    next(error);
    return;
  }
  sendRequestError(res, status, known.reason, known.message);
}

function sendRequestError(res: Response, status: number, reason: string, message: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res
    .status(status)
    .type('application/json')
    .send(
      JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason } }] }),
    );
}
