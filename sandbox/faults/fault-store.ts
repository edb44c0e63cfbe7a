/**
 * Faults to inject, per route: an HTTP status (429 with Retry-After, 500, 503), added latency, a
 * dropped connection, or an expired token; from the (after+1)-th matching request on, at most
 * `times` times, each time with a seeded probability. Matching and counting live here; the
 * Fastify hook in fault-hook.ts applies them.
 */
import { createPrng } from '../data/seed.js';

export interface FaultSpec {
  /** Glob on the URL path, `*` for any characters, e.g. "/crm/v8/Accounts*". */
  path: string;
  /** HTTP method; any when absent. */
  method?: string | undefined;
  status?: 429 | 500 | 503 | undefined;
  /** Seconds in Retry-After on a 429 (default 1). */
  retryAfter?: number | undefined;
  latencyMs?: number | undefined;
  /** Destroy the socket without answering. */
  drop?: boolean | undefined;
  /** Expire the caller's access token before the route runs (it then answers INVALID_TOKEN). */
  expireToken?: boolean | undefined;
  /** Let this many matching requests through first. */
  after?: number | undefined;
  /** Apply at most this many times. */
  times?: number | undefined;
  /** Chance (0-1) of applying to each eligible request, from a PRNG seeded with `seed`. */
  probability?: number | undefined;
  seed?: number | undefined;
}

export interface Fault extends FaultSpec {
  id: string;
  seen: number;
  applied: number;
}

export interface FaultStore {
  add(spec: FaultSpec): Fault;
  remove(id: string): boolean;
  list(): Fault[];
  clear(): void;
  /** The faults to apply to this request now (counting it against each match). */
  pick(method: string, path: string): Fault[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

export function createFaultStore(): FaultStore {
  let faults: (Fault & { re: RegExp; rand: () => number })[] = [];
  let next = 1;
  return {
    add(spec) {
      const fault = {
        ...spec,
        id: `fault-${next++}`,
        seen: 0,
        applied: 0,
        re: globToRegExp(spec.path),
        rand: createPrng(spec.seed ?? 1),
      };
      faults.push(fault);
      return publicFault(fault);
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length < before;
    },
    list: () => faults.map(publicFault),
    clear() {
      faults = [];
    },
    pick(method, path) {
      const out: Fault[] = [];
      for (const f of faults) {
        if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
        if (!f.re.test(path)) continue;
        f.seen++;
        if (f.seen <= (f.after ?? 0)) continue;
        if (f.times !== undefined && f.applied >= f.times) continue;
        if (f.probability !== undefined && !(f.rand() < f.probability)) continue;
        f.applied++;
        out.push(f);
      }
      return out;
    },
  };
}

function publicFault(f: Fault & { re?: RegExp; rand?: () => number }): Fault {
  const { re: _re, rand: _rand, ...rest } = f;
  return { ...rest };
}
