import { AppError, httpStatusOf, type ErrorCode, type ErrorIssue } from '@dixian/core';
import type { ErrorBody } from '@dixian/core/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/**
 * Errors → HTTP, in exactly one place (STYLE habit 11). Every error answer has the same shape,
 * `{ error: { code, message, issues } }`, with a stable code from core's ERROR_CODES and a zh-CN / English
 * message; nothing else (no stack, no SQL, no internal message) leaves the server.
 */

const TEXT: Partial<Record<ErrorCode, [string, string]>> = {
  validation_failed: ['请求参数有误', 'the request is invalid'],
  bad_request: ['请求格式有误', 'malformed request'],
  not_found: ['未找到', 'not found'],
  conflict: ['与现有记录冲突', 'conflicts with an existing record'],
  rate_limited: ['请求过于频繁,请稍后再试', 'too many requests, try again later'],
  payload_too_large: ['请求内容过大', 'request body too large'],
  internal: ['服务器内部错误', 'internal server error'],
};

export function errorBody(code: ErrorCode, message?: string, issues: ErrorIssue[] = []): ErrorBody {
  const t = TEXT[code];
  return { error: { code, message: message ?? (t ? `${t[0]} / ${t[1]}` : code), issues } };
}

/** PostgreSQL error classes that mean "bad data from the client", and integrity violations. */
function fromDatabase(code: string): ErrorCode | undefined {
  if (code === '23505' || code === '23503') return 'conflict';
  if (code.startsWith('22') || code === '23502' || code === '23514') return 'bad_request';
  return undefined;
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** unexpected: logged with its stack on the server */
  unexpected: boolean;
}

/** What a request carried, to say where a service's issue lies. */
export interface RequestInput {
  method: string;
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

const LOCATED = /^(body|querystring|params|headers)(\.|$)/;
/** A parsed JSON body, query or params object (the query parser's has no prototype); not a stream or a buffer. */
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * A service names a field as its input calls it ('members.0.idNumber'; services never see HTTP); the answer says
 * where it was sent, like schema issues do ('body.members.0.idNumber'): where the field is, or for a missing one,
 * the JSON body (or the query string of a GET). A path already located, or with no clear place, is kept.
 */
export function locate(path: string | undefined, req: RequestInput | undefined): string | undefined {
  if (!path || !req || LOCATED.test(path)) return path;
  const key = path.split('.')[0]!;
  const has = (v: unknown) => isPlainObject(v) && Object.hasOwn(v, key);
  const where = has(req.body)
    ? 'body'
    : has(req.query)
      ? 'querystring'
      : has(req.params)
        ? 'params'
        : isPlainObject(req.body)
          ? 'body'
          : req.method === 'GET'
            ? 'querystring'
            : undefined;
  return where ? `${where}.${path}` : path;
}

/** Schema issues, one per field: an unknown key is named by its own path, not the object's. */
function schemaIssues(err: { validation: ZodValidationEntry[]; validationContext?: string }): ErrorIssue[] {
  const where = err.validationContext ?? 'body';
  return err.validation.flatMap((v) => {
    const at = [where, ...v.instancePath.split('/').filter(Boolean)];
    const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
    if (Array.isArray(keys) && keys.length > 0) {
      return keys.map((k) => ({ path: [...at, String(k)].join('.'), message: v.message ?? 'unrecognized key' }));
    }
    return [{ path: at.join('.'), message: v.message ?? 'invalid' }];
  });
}
type ZodValidationEntry = { keyword: string; instancePath: string; params: unknown; message?: string };

export function mapError(err: unknown, req?: RequestInput): MappedError {
  const out = (code: ErrorCode, message?: string, issues?: ErrorIssue[], unexpected = false): MappedError => ({
    status: httpStatusOf(code),
    body: errorBody(code, message, issues),
    unexpected,
  });
  if (err instanceof AppError) {
    const issues = err.issues.map((i) => (i.path ? { ...i, path: locate(i.path, req) } : i));
    return out(err.code, err.message, issues);
  }
  if (hasZodFastifySchemaValidationErrors(err)) return out('validation_failed', undefined, schemaIssues(err));
  if (isResponseSerializationError(err)) return out('internal', undefined, [], true);
  const e = err as Partial<FastifyError> & { code?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    const code = fromDatabase(e.code);
    return code ? out(code) : out('internal', undefined, [], true);
  }
  switch (e.statusCode) {
    case 413:
      return out('payload_too_large');
    case 429:
      return out('rate_limited');
    case 404:
      return out('not_found');
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, empty body …
    return out('bad_request', undefined, e.message ? [{ message: e.message }] : []);
  }
  return out('internal', undefined, [], true);
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(err, req);
  if (mapped.unexpected) req.log.error({ err }, 'unexpected error');
  else if (mapped.status >= 500) req.log.error({ err }, 'server error');
  return reply.code(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
}
