/**
 * Checks a request the widget sends against the real server's schemas for that route (from the
 * OpenAPI document, global-setup.ts) with the server's own validators, so a fake server in a widget
 * test refuses what the real one would: a body it would not take, and a query string with a
 * parameter the route does not declare or a value it would refuse.
 */
import { inject } from 'vitest';
import { validatorCompiler } from '../../server/http/validation.js';
import type { RequestSchema } from './global-setup.js';

type Validate = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string }> | null;
};

interface Route {
  method: string;
  pattern: RegExp;
  /** Fewer parameters first, so `/expenses/bulkdelete` wins over `/expenses/{expense_id}`. */
  params: number;
  validate: Validate;
  /** Query routes: the parameters the route takes. */
  names: readonly string[];
}

function compile(list: RequestSchema[], httpPart: 'body' | 'querystring'): Route[] {
  return list
    .map(({ method, path, schema }) => ({
      method,
      // A route registered as `/` inside its prefix is documented with a trailing slash
      // (`/api/v1/users/`); the server answers it with or without one.
      pattern: new RegExp(`^${path.replace(/\/$/, '').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      params: (path.match(/\{/g) ?? []).length,
      validate: validatorCompiler({ schema, httpPart, method, url: path } as never) as Validate,
      names: Object.keys((schema as { properties?: object }).properties ?? {}),
    }))
    .sort((a, b) => a.params - b.params);
}

let bodyRoutes: Route[] | undefined;
let queryRoutes: Route[] | undefined;

/** Why the server would refuse this body, or null when it would take it (or has no such route). */
export function serverRefusal(method: string, pathname: string, body: unknown): string | null {
  bodyRoutes ??= compile(inject('apiBodySchemas'), 'body');
  const route = bodyRoutes.find((r) => r.method === method && r.pattern.test(pathname));
  // The validator fills in defaults: check a copy, so the test sees the body as the widget sent it.
  if (!route || route.validate(structuredClone(body))) return null;
  const e = route.validate.errors?.[0];
  return `body${e?.instancePath ?? ''} ${e?.message ?? 'is invalid'}`;
}

/**
 * Why the server would refuse this query string, or null when it would take it (or the route takes
 * any, or does not exist). Unknown parameters are named first, as the server names them.
 */
export function serverQueryRefusal(method: string, pathname: string, query: URLSearchParams): string | null {
  queryRoutes ??= compile(inject('apiQuerySchemas'), 'querystring');
  const route = queryRoutes.find((r) => r.method === method && r.pattern.test(pathname));
  if (!route) return null;
  const unknown = [...new Set(query.keys())].filter((k) => !route.names.includes(k));
  if (unknown.length > 0) {
    return `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. Accepted: ${route.names.join(', ')}.`;
  }
  // A repeated parameter arrives as a list, as the server's query parser gives it.
  const value: Record<string, string | string[]> = {};
  for (const k of new Set(query.keys())) {
    const all = query.getAll(k);
    value[k] = all.length > 1 ? all : all[0]!;
  }
  if (route.validate(value)) return null;
  const e = route.validate.errors?.[0];
  return `querystring${e?.instancePath ?? ''} ${e?.message ?? 'is invalid'}`;
}
