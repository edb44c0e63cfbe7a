/**
 * The real server's request-body schemas, read once from its OpenAPI document, for the widget's
 * fake servers (features/expenses/fake-api.tsx) to refuse any body the server would refuse.
 */
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { testVerifier } from '../helpers/test-app.js';

export interface BodySchema {
  method: string;
  /** The OpenAPI path, e.g. `/api/v1/expenses/{expense_id}`. */
  path: string;
  schema: object;
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiBodySchemas: BodySchema[];
  }
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: object }> } }>>;
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
    const schemas: BodySchema[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema) schemas.push({ method: method.toUpperCase(), path, schema });
      }
    }
    project.provide('apiBodySchemas', schemas);
  } finally {
    await app.close();
    await database.destroy();
  }
}
