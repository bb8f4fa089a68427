import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';
import { escapeHtml } from '../../lib/html.js';

/** Fastify's own client errors, mapped to the catalogue's codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'VALIDATION' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'VALIDATION' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'VALIDATION' },
};

/**
 * One error shape for the whole API: {error: {code, message}}. Client mistakes get a 4xx that says what is
 * wrong; anything else is logged and answered with a 500 (or 503 when a store is away) that hides its cause.
 */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const send = (status: number, body: { error: { code: string; message: string } }) => {
        // Pages answer people with a page; the API answers programs with JSON.
        const wantsPage = !request.url.startsWith('/api') && !request.url.startsWith('/v1') && (request.headers.accept ?? '').includes('text/html');
        if (!wantsPage) return reply.status(status).send(body);
        return reply.status(status).type('text/html; charset=utf-8').send(errorPage(status, body.error.message));
      };
      if (err instanceof AppError) {
        return send(err.status, { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      }
      if (err.validation) {
        const where = err.validationContext ?? 'request';
        const message = err.validation
          .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`.trim())
          .join('; ');
        return send(400, { error: { code: 'VALIDATION', message } });
      }
      const known = err.code ? FASTIFY_CODES[err.code] : undefined;
      if (known) return send(known.status, { error: { code: known.code, message: err.message } });
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return send(err.statusCode, { error: { code: 'BAD_REQUEST', message: err.message } });
      }
      if (isStoreUnavailable(err)) {
        request.log.warn({ err: { message: err.message, code: err.code } }, 'store unavailable');
        reply.header('retry-after', '5');
        return send(503, { error: { code: 'UNAVAILABLE', message: 'The service is briefly unavailable; try again shortly' } });
      }
      request.log.error({ err }, 'unhandled error');
      return send(500, { error: { code: 'INTERNAL', message: 'Internal server error' } });
    });
    app.setNotFoundHandler((request, reply) => {
      const message = `No route ${request.method} ${request.url.split('?')[0]}`;
      if ((request.headers.accept ?? '').includes('text/html') && !request.url.startsWith('/api')) {
        return reply.status(404).type('text/html; charset=utf-8').send(errorPage(404, message));
      }
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message } });
    });
  },
  { name: 'agora-errors' },
);

/**
 * Errors the router raises before any route or error handler runs (a path segment over maxParamLength, a
 * malformed percent-encoding): given to Fastify as `frameworkErrors`, so they too get the one error shape.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return reply
    .status(tooLong ? 414 : 400)
    .send({ error: { code: 'VALIDATION', message: tooLong ? 'a part of the URL path is too long' : 'the URL path is not valid' } });
}

function isStoreUnavailable(err: Error & { code?: string }): boolean {
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '57014', 'SQLITE_BUSY'].includes(err.code ?? '') ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(err.message)
  );
}

function errorPage(status: number, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title><link rel="stylesheet" href="/assets/site.css"></head><body><main id="main"><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Front page</a></p></main></body></html>`;
}
