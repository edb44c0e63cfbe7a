/**
 * Zoho CRM's error envelope: `{"code","details","message","status":"error"}` with the HTTP status
 * Zoho uses (zoho/crm-oas v8.0 record.json `API_Exception`;
 * https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html).
 */
import type { FastifyReply } from 'fastify';

export interface CrmErrorBody {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export function crmErrorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): CrmErrorBody {
  return { code, details, message, status: 'error' };
}

export function sendCrmError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send(crmErrorBody(code, message, details));
}
