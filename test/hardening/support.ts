import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { routesOf, type RouteEntry } from '../../src/app.js';
import { sharedDir } from '../../src/lib/paths.js';

/** The Big List of Naughty Strings (515 strings). */
export function naughtyStrings(): string[] {
  return JSON.parse(readFileSync(join(sharedDir(), 'data', 'naughty-strings', 'blns.json'), 'utf8')) as string[];
}

/** A deterministic sample of n items spread over the list (first and last included), the same on every run. */
export function sample<T>(list: T[], n: number): T[] {
  if (n >= list.length) return list;
  const step = (list.length - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => list[Math.round(i * step)]!);
}

/** Routes not Agora's own: the OpenAPI UI's static files belong to @fastify/swagger-ui. */
export function agoraRoutes(app: FastifyInstance): RouteEntry[] {
  return routesOf(app).filter((r) => !r.url.startsWith('/api/docs'));
}

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

type Json = Record<string, unknown>;
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  minimum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
}

/** Where a string goes in a request. */
export type Slot = { in: 'params' | 'query' | 'headers'; name: string } | { in: 'body'; path: string[] };

export const slotName = (s: Slot) => (s.in === 'body' ? `body.${s.path.join('.')}` : `${s.in}.${s.name}`);

const isStringSchema = (s: Schema) => s.type === 'string' && s.const === undefined && s.enum === undefined;

/** A value the schema accepts, as small as possible: what the fields not under test are filled with. */
export function validValue(s: Schema, named: Record<string, unknown> = {}, key = ''): unknown {
  if (key in named) return named[key];
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.anyOf) return validValue(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0]!, named, key);
  switch (s.type) {
    case 'string':
      if (s.format === 'email') return 'fuzz@example.org';
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (s.format === 'uri') return 'https://news.example/x';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [validValue(s.items ?? {}, named, key)];
    case 'object': {
      const out: Json = {};
      for (const k of s.required ?? []) out[k] = validValue(s.properties?.[k] ?? {}, named, k);
      return out;
    }
    default:
      return null;
  }
}

/** Every string field of a body schema (through objects, arrays and unions), as paths. */
function bodyStringPaths(s: Schema, path: string[] = []): string[][] {
  if (isStringSchema(s)) return [path];
  if (s.anyOf) return s.anyOf.some(isStringSchema) ? [path] : s.anyOf.flatMap((x) => bodyStringPaths(x, path));
  if (s.type === 'array' && s.items) return bodyStringPaths(s.items, [...path, '0']);
  if (s.type === 'object' && s.properties) return Object.entries(s.properties).flatMap(([k, v]) => bodyStringPaths(v, [...path, k]));
  return [];
}

/** The string slots of a route: path params (from its URL too), query, headers it reads, body fields. */
export function stringSlots(route: RouteEntry): Slot[] {
  const schema = (route.schema ?? {}) as { params?: Schema; querystring?: Schema; headers?: Schema; body?: Schema };
  const slots: Slot[] = [];
  const params = new Set([...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*'));
  for (const name of params) slots.push({ in: 'params', name });
  for (const [name, s] of Object.entries(schema.querystring?.properties ?? {})) {
    if (isStringSchema(s) || (s.type === 'array' && s.items && isStringSchema(s.items)) || s.anyOf?.some(isStringSchema)) slots.push({ in: 'query', name });
  }
  const headers = new Set(Object.keys(schema.headers?.properties ?? {}));
  headers.add('authorization');
  for (const name of headers) slots.push({ in: 'headers', name });
  if (schema.body) for (const path of bodyStringPaths(schema.body)) slots.push({ in: 'body', path });
  return slots;
}

function setPath(obj: Json, path: string[], value: unknown): void {
  let cur: Record<string, unknown> = obj;
  path.forEach((k, i) => {
    if (i === path.length - 1) cur[k] = value;
    else {
      const next = cur[k];
      cur[k] = typeof next === 'object' && next !== null ? next : /^\d+$/.test(path[i + 1]!) ? [] : {};
      cur = cur[k] as Record<string, unknown>;
    }
  });
}

/** Header values Node would refuse to send at all (control characters, code points above U+00FF). */
export const sendableHeader = (v: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v);

export interface BuildInput {
  route: RouteEntry;
  /** Valid values of path params, query fields and body fields, by name. */
  named: Record<string, unknown>;
  /** The actor's headers. */
  actor: Record<string, string>;
  slot?: Slot;
  value?: string;
}

/** A request to a route with every field valid except, when given, the one slot set to `value`. */
export function buildRequest({ route, named, actor, slot, value }: BuildInput): InjectOptions {
  const schema = (route.schema ?? {}) as { querystring?: Schema; body?: Schema };
  const url = route.url.replace(/:([A-Za-z0-9_]+)|\*/g, (_m, name: string | undefined) => {
    const v = slot?.in === 'params' && slot.name === (name ?? '*') ? value! : String(named[name ?? '*'] ?? 'x');
    return encodeURIComponent(v);
  });
  const query: Record<string, string | string[]> = {};
  const qs = schema.querystring;
  for (const k of qs?.required ?? []) query[k] = String(validValue(qs?.properties?.[k] ?? {}, named, k));
  if (slot?.in === 'query') query[slot.name] = value!;
  const headers: Record<string, string> = { ...actor };
  if (slot?.in === 'headers') headers[slot.name] = value!;
  const req: InjectOptions = { method: route.method as InjectOptions['method'], url, query, headers };
  if (schema.body) {
    const body = validValue(schema.body, named) as Json;
    if (slot?.in === 'body') setPath(body, slot.path, value);
    req.payload = body;
  } else if (route.method !== 'GET' && route.method !== 'DELETE') {
    req.payload = {};
  }
  return req;
}

/** The contract for any client input: never a 5xx, and a JSON 4xx always says {error: {code, message}}. */
export function expectClientSafe(res: LightMyRequestResponse, what: string): void {
  if (res.statusCode >= 500) expect.fail(`${what} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400 && String(res.headers['content-type'] ?? '').startsWith('application/json')) {
    const err = (res.json() as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof err?.code !== 'string' || typeof err.message !== 'string') expect.fail(`${what} answered ${res.statusCode} without {error:{code,message}}: ${res.body.slice(0, 300)}`);
  }
}
