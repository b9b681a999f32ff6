/**
 * One zod schema per wire shape of the public API. The HTTP layer validates with them, TypeScript
 * types come from them, and the OpenAPI document is generated from them.
 */
import { z } from 'zod';

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    suggestions: z.array(z.string()).optional(),
  }),
});

/**
 * Text from a control body or a path that PostgreSQL stores or compares: a NUL cannot be held by a
 * text value (the statement fails) and a lone surrogate is not Unicode, so both are refused here, as
 * bad input, rather than by the database as an internal error. Records have their own guard.
 */
export function storableText(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine(
      (s) => !s.includes('\u0000') && s.isWellFormed(),
      'NUL (\\u0000) and lone surrogates are not allowed',
    );
}

/** The `:id` of a key, a store or a record in a path. */
export const idParamSchema = z.object({ id: storableText(64) });

export const roleSchema = z.enum(['read', 'write', 'admin']);
export const tierSchema = z.enum(['HOT', 'WARM', 'COLD']);

export const createKeySchema = z
  .object({
    tenant: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64)'),
    role: roleSchema,
    name: storableText(200, 1).optional(),
  })
  .strict();

export const createdKeySchema = z.object({
  id: z.string(),
  key: z.string(),
  tenant: z.string(),
  role: roleSchema,
  name: z.string().nullable(),
});

export const ingestedRecordSchema = z.object({
  id: z.string().uuid(),
  mcp: z.string(),
  domain: z.string(),
  tier: tierSchema,
});

export const ingestResultSchema = z.object({
  ingested: z.number().int(),
  records: z.array(ingestedRecordSchema),
  errors: z.array(z.object({ line: z.number().int(), code: z.string(), message: z.string() })).optional(),
});

export const recordSchema = z.object({
  id: z.string(),
  mcp: z.string(),
  domain: z.string(),
  tier: z.string(),
  ts: z.string(),
  data: z.unknown(),
});

/** A field's main JSON type, how often it was seen, and its values when it has few. */
const learnedValuesSchema = z.object({
  type: z.string(),
  count: z.number().int(),
  distinct: z.number().int().optional(),
  values: z.array(z.string()).optional(),
});

const namedFieldSchema = learnedValuesSchema.extend({
  name: z.string(),
  /** A nested field's keys from the record (or element) down; its name is them joined with dots. */
  path: z.array(z.string()).optional(),
});

export const fieldSchema = namedFieldSchema.extend({
  /**
   * Of a field holding arrays: what the elements hold (their type, count of elements learned and
   * values), and for object elements the fields inside them.
   */
  items: learnedValuesSchema.extend({ fields: z.array(namedFieldSchema).optional() }).optional(),
});

export const storeIndexSchema = z.object({
  name: z.string(),
  field: z.string(),
  kind: z.string(),
  auto: z.boolean(),
  createdAt: z.string(),
});

export const mcpSchema = z.object({
  id: z.string(),
  domain: z.string(),
  tier: tierSchema,
  status: z.enum(['active', 'migrating']),
  recordCount: z.number().int(),
  accessCount: z.number().int(),
  lastAccessedAt: z.string().nullable(),
  lastWriteAt: z.string().nullable(),
  timeField: z.string().nullable(),
  version: z.number().int(),
  fields: z.array(fieldSchema),
  indexes: z.array(storeIndexSchema),
});

export const mcpListSchema = z.object({ mcps: z.array(mcpSchema) });

export const createMcpSchema = z
  .object({
    domain: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'lower-case letters, digits and _'),
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,62}$/)
      .optional(),
    timeField: storableText(128, 1).optional(),
    tier: tierSchema.optional(),
  })
  .strict();

export const setTierSchema = z.object({ tier: tierSchema }).strict();

export const discoverQuerySchema = z
  .object({
    domain: z.string().max(64).optional(),
    tier: tierSchema.optional(),
    field: z.string().max(128).optional(),
  })
  .strict();

export const queryInputSchema = z
  .object({
    q: z.string().min(1).max(2_000),
    limit: z.coerce.number().int().min(1).max(1_000).optional(),
    cursor: z.string().max(1_000).optional(),
    tz: z.string().max(64).optional(),
  })
  .strict();

export type QueryInput = z.infer<typeof queryInputSchema>;
export type CreateKeyInput = z.infer<typeof createKeySchema>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const interpretationSchema = z.object({
  intent: z.enum(['find', 'count', 'aggregate', 'search']),
  domain: z.string(),
  mcps: z.array(z.string()),
  filters: z.array(
    z.object({
      field: z.string(),
      op: z.enum(['=', '!=', '>', '>=', '<', '<=', 'contains', 'startswith', 'endswith', 'in']),
      value: z.union([scalar, z.array(scalar)]),
    }),
  ),
  text: z.string().nullable(),
  time: z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  sort: z.array(z.object({ field: z.string(), dir: z.enum(['asc', 'desc']) })),
  limit: z.number().int().nullable(),
  aggregate: z
    .object({ fn: z.enum(['count', 'sum', 'avg', 'min', 'max']), field: z.string().nullable() })
    .nullable(),
  groupBy: z.string().nullable(),
  /** A bound on each group's aggregate (HAVING); null when none is asked. */
  having: z
    .object({
      fn: z.enum(['count', 'sum', 'avg', 'min', 'max']),
      field: z.string().nullable(),
      op: z.enum(['>', '>=', '<', '<=', '=', '!=']),
      value: z.number(),
    })
    .nullable(),
  /** Grouping by periods of the time field `groupBy` names, cut in zone `tz`; null otherwise. */
  bucket: z.object({ unit: z.enum(['hour', 'day', 'week', 'month']), tz: z.string() }).nullable(),
});

export const queryResponseSchema = z.object({
  q: z.string(),
  interpretation: interpretationSchema,
  confidence: z.number(),
  count: z.number().int(),
  rows: z.array(recordSchema.omit({ tier: true })),
  value: z.number().nullable(),
  groups: z.array(z.object({ key: scalar, value: z.number().nullable() })),
  next_cursor: z.string().nullable(),
  took_ms: z.number(),
  cache: z.enum(['hit', 'miss']),
});

export const queryExplanationSchema = z.object({
  q: z.string(),
  interpretation: interpretationSchema,
  confidence: z.number(),
  plan: z.array(
    z.object({ mcp: z.string(), domain: z.string(), answer: z.string(), statements: z.array(z.string()) }),
  ),
  sql: z.array(
    z.object({ mcp: z.string(), purpose: z.string(), text: z.string(), params: z.array(z.unknown()) }),
  ),
});
