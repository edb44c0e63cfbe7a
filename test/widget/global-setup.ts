/**
 * The real server's request schemas, read once from its OpenAPI document, for the widget's fake
 * servers (features/expenses/fake-api.tsx) to refuse any body or query string the server would.
 */
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { ORGANIZATION_ID_PARAM } from '../../server/http/strict-query.js';
import { testVerifier } from '../helpers/test-app.js';

export interface RequestSchema {
  method: string;
  /** The OpenAPI path, e.g. `/api/v1/expenses/{expense_id}`. */
  path: string;
  schema: object;
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiBodySchemas: RequestSchema[];
    /** Closed query-string schemas: only routes that refuse parameters they do not declare. */
    apiQuerySchemas: RequestSchema[];
  }
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: object;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: object }> };
        parameters?: OpenApiParameter[];
      }
    >
  >;
}

/**
 * The route's query string as one object schema, closed as the server closes it. Null for a route
 * that takes any query string: the server gives every strict route organization_id
 * (http/strict-query.ts), so a route without it is one of the open ones (health, OAuth callback).
 */
function querySchema(parameters: readonly OpenApiParameter[] = []): object | null {
  const query = parameters.filter((p) => p.in === 'query');
  if (!query.some((p) => p.name === ORGANIZATION_ID_PARAM)) return null;
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}])),
    required: query.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

export default async function setup(project: TestProject) {
  const database = await openDatabase({});
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    database,
    identity: testVerifier,
    logger: false,
    startWorkers: false,
  });
  try {
    const doc = app.swagger() as unknown as OpenApi;
    const bodies: RequestSchema[] = [];
    const queries: RequestSchema[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) bodies.push({ method: method.toUpperCase(), path, schema: body });
        const query = querySchema(op.parameters);
        if (query) queries.push({ method: method.toUpperCase(), path, schema: query });
      }
    }
    project.provide('apiBodySchemas', bodies);
    project.provide('apiQuerySchemas', queries);
  } finally {
    await app.close();
    await database.destroy();
  }
}
