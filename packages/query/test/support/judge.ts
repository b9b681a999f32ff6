/**
 * The public checker's expectations (../shared/nlq/check.mjs `expected`/`judge`), ported so the
 * acceptance test judges answerQuery exactly as the HTTP check judges a region, with one deliberate
 * difference: when no matching record has a number to aggregate the right value is null, which
 * check.mjs can never accept (its `close` needs two numbers). Here null is right then, provided the
 * count of matches is right too. The data set's times follow the clock, so whether "max cpu usage on
 * web-1 today" has any reading depends on the hour a test runs.
 */
import { dataset } from './dataset.ts';

const { DAY, HOUR, TEXT_FIELD, TIME_FIELD, dateToken, startOfDay, startOfMonth, startOfWeek } = dataset;

import type { SampleRecord } from './stores.ts';

type Data = Record<string, unknown>;
export interface Spec {
  kind: string;
  where?: [string, string, unknown][];
  contains?: string;
  window?: string;
  sort?: [string, 'asc' | 'desc'];
  limit?: number;
  agg?: [string, string | null];
  group?: string;
  result: 'rows' | 'count' | 'value' | 'groups' | 'refused' | 'unparseable';
  recheck?: string;
}
export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: mirrors the checker, which reads arbitrary JSON
  json: any;
}

function windowOf(spec: string, now: number): [number, number] {
  const sod = startOfDay(now);
  const [kind, a = '', b = ''] = spec.split(':');
  const dur = (s: string) => Number(s.slice(0, -1)) * (s.endsWith('h') ? HOUR : DAY);
  const d = (s: string) => sod - Number(s.slice(1)) * DAY;
  switch (kind) {
    case 'last':
      return [now - dur(a), Number.POSITIVE_INFINITY];
    case 'today':
      return [sod, Number.POSITIVE_INFINITY];
    case 'yesterday':
      return [sod - DAY, sod];
    case 'this_week':
      return [startOfWeek(now), Number.POSITIVE_INFINITY];
    case 'this_month':
      return [startOfMonth(now), Number.POSITIVE_INFINITY];
    case 'since':
      return [d(a), Number.POSITIVE_INFINITY];
    case 'between':
      return [d(a), d(b) + DAY];
    case 'older':
      return [Number.NEGATIVE_INFINITY, now - dur(a)];
    default:
      throw new Error(`unknown window ${spec}`);
  }
}

function test(op: string, v: unknown, want: unknown): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: the checker compares loosely typed JSON values
  const [x, y] = [v as any, want as any];
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case 'contains':
      return typeof x === 'string' && x.toLowerCase().includes(String(y).toLowerCase());
    case 'endswith':
      return typeof x === 'string' && x.toLowerCase().endsWith(String(y).toLowerCase());
    case 'startswith':
      return typeof x === 'string' && x.toLowerCase().startsWith(String(y).toLowerCase());
    default:
      throw new Error(`unknown op ${op}`);
  }
}

export function expected(spec: Spec, records: SampleRecord[], now: number): Data[] {
  let rows = records.filter((r) => r.kind === spec.kind).map((r) => r.data);
  for (const [f, op, v] of spec.where ?? []) rows = rows.filter((d) => test(op, d[f], v));
  if (spec.contains)
    rows = rows.filter((d) => test('contains', d[TEXT_FIELD[spec.kind] ?? ''], spec.contains));
  if (spec.window) {
    const [from, to] = windowOf(spec.window, now);
    const tf = TIME_FIELD[spec.kind] ?? '';
    rows = rows.filter((d) => {
      const t = Date.parse(String(d[tf]));
      return t >= from && t < to;
    });
  }
  if (spec.sort) {
    const [f, dir] = spec.sort;
    const key = (d: Data) =>
      f === '@time' ? Date.parse(String(d[TIME_FIELD[spec.kind] ?? ''])) : (d[f] as number);
    rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0) * (dir === 'desc' ? -1 : 1));
  }
  return rows;
}

export function aggregate(fn: string, field: string | null, rows: Data[]): number | null {
  const xs = rows
    .map((d) => (field ? d[field] : undefined))
    .filter((x): x is number => typeof x === 'number');
  if (fn === 'count') return rows.length;
  if (!xs.length) return null;
  if (fn === 'sum') return xs.reduce((a, b) => a + b, 0);
  if (fn === 'avg') return xs.reduce((a, b) => a + b, 0) / xs.length;
  if (fn === 'min') return Math.min(...xs);
  if (fn === 'max') return Math.max(...xs);
  throw new Error(`unknown aggregate ${fn}`);
}

const close = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 0.01 + 1e-6 * Math.abs(b);
const idOf = (row: { data?: { id?: unknown }; id?: unknown }) => row?.data?.id ?? row?.id;

/** null when the reply is right, else why not (the checker's wording). */
export function judge(spec: Spec, res: Reply, records: SampleRecord[], now: number): string | null {
  const body = res.json ?? {};
  if (spec.result === 'unparseable') {
    const s = body.error?.suggestions;
    return res.status >= 400 && res.status < 500 && Array.isArray(s) && s.length > 0
      ? null
      : `want 4xx with error.suggestions, got ${res.status}`;
  }
  if (spec.result === 'refused') {
    return res.status >= 400 && res.status < 500 ? null : `want a 4xx refusal, got ${res.status}`;
  }
  if (res.status !== 200) return `status ${res.status}: ${JSON.stringify(body).slice(0, 200)}`;
  const rows = expected(spec, records, now);
  switch (spec.result) {
    case 'rows': {
      const got = Array.isArray(body.rows) ? body.rows.map(idOf) : null;
      if (!got) return 'no rows array';
      if (spec.limit) {
        const want = rows.slice(0, spec.limit).map((d) => d.id);
        return JSON.stringify(got) === JSON.stringify(want)
          ? null
          : `want ${want.join(',')} got ${got.join(',')}`;
      }
      const want = new Set(rows.map((d) => d.id));
      if (body.count !== want.size) return `count ${body.count}, want ${want.size}`;
      const stray = got.filter((id: unknown) => !want.has(id));
      if (stray.length) return `rows not matching: ${stray.slice(0, 5).join(',')}`;
      if (got.length < Math.min(want.size, 10)) return `only ${got.length} rows returned of ${want.size}`;
      return null;
    }
    case 'count':
      return body.count === rows.length ? null : `count ${body.count}, want ${rows.length}`;
    case 'value': {
      const [fn = 'count', field = null] = spec.agg ?? [];
      const want = aggregate(fn, field, rows);
      if (want === null && body.value === null)
        return body.count === rows.length ? null : `count ${body.count}, want ${rows.length}`;
      return close(body.value, want) ? null : `value ${body.value}, want ${want}`;
    }
    case 'groups': {
      if (!Array.isArray(body.groups)) return 'no groups array';
      const [fn = 'count', field = null] = spec.agg ?? [];
      const by = new Map<unknown, Data[]>();
      for (const d of rows) by.set(d[spec.group ?? ''], [...(by.get(d[spec.group ?? '']) ?? []), d]);
      let want = [...by].map(([key, ds]) => ({ key, value: aggregate(fn, field, ds) }));
      if (spec.limit) want = want.sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, spec.limit);
      const got = new Map<string, unknown>(
        body.groups.map((g: { key: unknown; value: unknown }) => [String(g.key), g.value]),
      );
      if (got.size !== want.length) return `${got.size} groups, want ${want.length}`;
      const bad = want.filter((w) => !close(got.get(String(w.key)), w.value));
      return bad.length
        ? `group ${bad[0]?.key}: ${got.get(String(bad[0]?.key))}, want ${bad[0]?.value}`
        : null;
    }
    default:
      throw new Error(`unknown result ${spec.result}`);
  }
}

/** Fills {Dn} and {EMAILn} like the checker. */
export function fill(text: string, now: number, records: SampleRecord[]): string {
  const users = records
    .filter((r) => r.kind === 'users')
    .map((r) => r.data)
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
  return text
    .replace(/\{D(\d+)\}/g, (_, n) => dateToken(now, Number(n)))
    .replace(/\{EMAIL(\d+)\}/g, (_, n) => String(users[Number(n)]?.email));
}
