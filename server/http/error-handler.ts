/**
 * One place that turns every failure into the Zoho envelope {code, message} with the right status.
 * Expected failures (AppError, validation, malformed bodies) are answered plainly; anything else is
 * logged with the request id and answered with a generic 500, never a stack trace.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, appError, ERROR_CATALOGUE, type ErrorKey } from '../errors.js';
import { describeUnknownQuery } from './strict-query.js';
import { DATE_TIME_HINT } from './validation.js';

function send(reply: FastifyReply, err: AppError) {
  return reply.status(err.status).send({ code: err.code, message: err.message });
}

/** "body/amount must be > 0" → a sentence naming the field. */
function describeValidation(error: FastifyError, request: FastifyRequest): string {
  const v = error.validation?.[0];
  const part = error.validationContext ?? 'body';
  if (!v) return error.message;
  if (part === 'querystring') {
    const unknown = describeUnknownQuery(request);
    if (unknown) return unknown;
  }
  const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const params = v.params as Record<string, unknown>;
  if (v.keyword === 'required') return `${part}: ${String(params.missingProperty)} is required`;
  if (v.keyword === 'additionalProperties') {
    return `${part}${path ? `.${path}` : ''}: unknown field "${String(params.additionalProperty)}"`;
  }
  const where = path ? `${part}.${path}` : part;
  if (v.keyword === 'enum') {
    return `${where} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
  }
  if (v.keyword === 'format' && params.format === 'date-time') return `${where} must be ${DATE_TIME_HINT}`;
  return `${where} ${v.message ?? 'is not valid'}`;
}

/**
 * Whether the request declared a body that has neither all arrived nor been read. Refusals are sent
 * before the body is read (auth and roles run in onRequest), and on a kept-alive connection Node
 * would then go on receiving and discarding the rest: a refused 7 MB upload would still come in
 * whole. Answering such a request with `Connection: close` makes Node close the socket once the
 * reply is sent, as Fastify itself does when a body cannot be parsed. A small body caught in flight
 * closes its connection too; the client merely opens another.
 */
function bodyStillArriving(raw: IncomingMessage): boolean {
  const hasBody =
    raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
  return hasBody && !raw.complete && !raw.readableEnded;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (bodyStillArriving(request.raw)) reply.header('connection', 'close');
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error, key: error.key }, 'request failed');
      return send(reply, error);
    }
    const fe = error as FastifyError;
    if (fe.validation) return send(reply, appError('INVALID_INPUT', describeValidation(fe, request)));
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, appError('INVALID_JSON'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(reply, appError('PAYLOAD_TOO_LARGE'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          reply,
          appError(
            'INVALID_HEADER',
            `Content-Type ${request.headers['content-type'] ?? ''} is not accepted here`,
          ),
        );
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(reply, appError('INVALID_HEADER', 'Send the file as multipart/form-data'));
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return send(reply, appError('INVALID_INPUT', 'Send one file per request'));
    }
    if (fe.statusCode === 429) {
      return reply
        .status(429)
        .send({ code: ERROR_CATALOGUE.RATE_LIMITED.code, message: ERROR_CATALOGUE.RATE_LIMITED.message });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .status(fe.statusCode)
        .send({ code: ERROR_CATALOGUE.INVALID_INPUT.code, message: fe.message });
    }
    request.log.error({ err: error, key: 'INTERNAL' satisfies ErrorKey }, 'unexpected error');
    return send(reply, appError('INTERNAL'));
  });

  app.setNotFoundHandler((_request, reply) => send(reply, appError('ROUTE_NOT_FOUND')));
}
