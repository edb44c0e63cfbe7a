/**
 * Checks a request body the widget sends against the real server's schema for that route (from
 * the OpenAPI document, global-setup.ts) with the server's own body validator, so a fake server in
 * a widget test refuses what the real one would.
 */
import { inject } from 'vitest';
import { validatorCompiler } from '../../server/http/validation.js';

type Validate = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string }> | null;
};

interface Route {
  method: string;
  pattern: RegExp;
  /** Fewer parameters first, so `/expenses/bulkdelete` wins over `/expenses/{expense_id}`. */
  params: number;
  validate: Validate;
}

let routes: Route[] | undefined;

function compiled(): Route[] {
  routes ??= inject('apiBodySchemas')
    .map(({ method, path, schema }) => ({
      method,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (path.match(/\{/g) ?? []).length,
      validate: validatorCompiler({ schema, httpPart: 'body', method, url: path } as never) as Validate,
    }))
    .sort((a, b) => a.params - b.params);
  return routes;
}

/** Why the server would refuse this body, or null when it would take it (or has no such route). */
export function serverRefusal(method: string, pathname: string, body: unknown): string | null {
  const route = compiled().find((r) => r.method === method && r.pattern.test(pathname));
  // The validator fills in defaults: check a copy, so the test sees the body as the widget sent it.
  if (!route || route.validate(structuredClone(body))) return null;
  const e = route.validate.errors?.[0];
  return `body${e?.instancePath ?? ''} ${e?.message ?? 'is invalid'}`;
}
