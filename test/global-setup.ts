/**
 * Gives the run an id that names its PostgreSQL test schemas; drops schemas that killed runs left
 * behind (older than an hour) before, and this run's own schemas after.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropTestSchemas } from './helpers/dialects.js';

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  project.provide('testRunId', runId);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  await dropTestSchemas(url, { olderThanSeconds: 3600 }).catch(() => undefined);
  return async () => {
    await dropTestSchemas(url, { runId }).catch(() => undefined);
  };
}
