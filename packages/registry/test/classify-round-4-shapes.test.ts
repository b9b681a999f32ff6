/**
 * Round 4: public payloads that started a store named for a code or for their wrapper, each now
 * starting or joining the store a user would look for. Auth0's log events start `logs` whatever
 * their type (`seacft`, `sapi`, `gd_send_email` started a store per type, or `events`); Kafka
 * Connect's `{schema, payload}` envelopes are classified by their payload, not all put in `records`;
 * OpenTelemetry's export requests (`{resourceSpans}`, `{resourceLogs}`, `{resourceMetrics}`) start
 * `traces`, `logs` and `metrics`, not `records`; a type saying who made a thing (`user_defined`) names
 * no event, and one of no kind in particular (`standard`, `custom`) no store; an event type written
 * in one word (GitHub's Events API `PushEvent`, an event-sourced `OrderPlaced`) and a CloudEvent's
 * type start `events`, not a store per type; GitHub's webhook ping starts `events`, Shopify's products
 * `products`. Debezium's change events of every table stay in one `changes` store (guards; why in
 * classify.ts). A store an earlier version started for such records keeps taking them.
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, explicitDomainValue, type StoreEntry } from '../src/index.ts';
import { classifyInto, storeOf } from './support/learning.ts';
import { T } from './support/shapes.ts';

type Rec = Record<string, unknown>;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** An Auth0 log event as its Management API lists it (GET /api/v2/logs). */
const auth0Log = (type: string, i: number): Rec => ({
  date: T,
  type,
  description: 'Successful API Operation',
  connection: 'Username-Password-Authentication',
  connection_id: 'con_TeIlVP4d9fmD8jz5',
  client_id: 'AaiyAPdpYdesoKnqjj8HJqRn4T5titww',
  client_name: 'My application Name',
  ip: '190.257.209.19',
  hostname: 'tenant.eu.auth0.com',
  user_id: `auth0|56c75c4e42b6359e98374bc${i}`,
  user_name: `alice${i}@example.com`,
  audience: 'https://tenant.eu.auth0.com/api/v2/',
  scope: '',
  strategy: 'auth0',
  strategy_type: 'database',
  log_id: `900201711291632191000${i}`,
  isMobile: false,
  details: {},
  user_agent: 'Chrome 120.0.0 / Mac OS X 10.15.7',
});

/** An Auth0 log event with only the fields its log stream schema requires of every type. */
const auth0Required = (type: string, i: number): Rec => ({
  date: T,
  type,
  description: 'Guardian - Send email',
  details: {},
  environment_name: 'prod-eu-1',
  ip: '190.257.209.19',
  log_id: `900201711291632191000${i}`,
  tenant_name: 'tenant',
});

const AUTH0_LONG_CODES = ['seacft', 'sapi', 'fsa', 'fcoa', 'sertft'];

/** A Debezium change event of `table`, as its PostgreSQL connector writes it. */
const debezium = (table: string, i: number): Rec => ({
  before: i % 3 === 0 ? null : { id: i, status: 'old' },
  after: { id: i, status: 'new', updated_at: T },
  source: {
    version: '2.5.0.Final',
    connector: 'postgresql',
    name: 'dbserver1',
    ts_ms: 1_764_320_000_000 + i,
    snapshot: 'false',
    db: 'inventory',
    sequence: '[null,"24023128"]',
    schema: 'public',
    table,
    txId: 555 + i,
    lsn: 24_023_128 + i,
    xmin: null,
  },
  op: ['c', 'u', 'd'][i % 3],
  ts_ms: 1_764_320_000_000 + i,
  transaction: null,
});

/** A Debezium change event of a MongoDB collection (its `source` names a `collection`). */
const debeziumMongo = (collection: string, i: number): Rec => ({
  before: null,
  after: `{"_id": {"$oid": "5d1a2b3c4d5e6f7a8b9c0d${i}"}, "name": "x"}`,
  source: {
    version: '2.5.0.Final',
    connector: 'mongodb',
    name: 'fulfillment',
    ts_ms: 1,
    db: 'inventory',
    collection,
  },
  op: 'c',
  ts_ms: 1_764_320_000_000 + i,
  transaction: null,
});

/** A Kafka Connect record as its JSON converter writes it with schemas enabled. */
const envelope = (name: string, payload: Rec): Rec => ({
  schema: {
    type: 'struct',
    fields: Object.keys(payload).map((field) => ({ type: 'string', optional: true, field })),
    optional: false,
    name,
  },
  payload,
});

const connectUser = (i: number): Rec =>
  envelope('com.example.User', {
    id: i,
    username: `ann${i}`,
    email: `ann${i}@example.com`,
    first_name: 'Ann',
    signed_up_at: T,
  });

const connectOrder = (i: number): Rec =>
  envelope('com.example.Order', {
    order_id: `o${i}`,
    customer_id: `c${i}`,
    amount: 10 + i,
    currency: 'EUR',
    status: 'paid',
  });

/** A payload no detector knows: its envelope stays where such records go, `records`. */
const connectReading = (i: number): Rec => envelope('com.example.Foo', { foo: i, bar: 'baz', qux: true });

const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] };

/** OpenTelemetry's export requests as OTLP/JSON writes them (and a collector's file exporter). */
const otlpTraces = (i: number): Rec => ({
  resourceSpans: [
    {
      resource,
      scopeSpans: [
        {
          scope: { name: 'my.library', version: '1.0.0' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: `eee19b7ec3c1b17${i}`,
              name: 'GET /users',
              kind: 2,
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: '1544712661000000000',
            },
          ],
        },
      ],
    },
  ],
});

const otlpLogs = (i: number): Rec => ({
  resourceLogs: [
    {
      resource,
      scopeLogs: [
        {
          scope: { name: 'my.library' },
          logRecords: [
            {
              timeUnixNano: '1544712660300000000',
              severityNumber: 10,
              severityText: 'Information',
              body: { stringValue: `Example log record ${i}` },
            },
          ],
        },
      ],
    },
  ],
});

const otlpMetrics = (i: number): Rec => ({
  resourceMetrics: [
    {
      resource,
      scopeMetrics: [
        {
          scope: { name: 'my.library' },
          metrics: [
            {
              name: 'my.counter',
              unit: '1',
              sum: {
                aggregationTemporality: 1,
                isMonotonic: true,
                dataPoints: [{ asDouble: i, timeUnixNano: '1544712660300000000' }],
              },
            },
          ],
        },
      ],
    },
  ],
});

/** A custom field's definition, its `type` saying who defined it. */
const customField = (type: string, i: number): Rec => ({
  id: `cf_${i}`,
  name: `field_${i}`,
  type,
  data_type: 'string',
  required: false,
});

/** An event from GitHub's Events API (GET /repos/{owner}/{repo}/events). */
const githubEvent = (type: string, i: number): Rec => ({
  id: `2224908494${i}`,
  type,
  actor: { id: 583231, login: 'octocat' },
  repo: { id: 1296269, name: 'octocat/Hello-World' },
  payload: {},
  public: true,
  created_at: T,
});

const GITHUB_EVENT_TYPES = ['PushEvent', 'WatchEvent', 'IssuesEvent', 'PullRequestEvent'];

/** An event of an event-sourced system, its type in one word. */
const domainEvent = (type: string, i: number): Rec => ({
  type,
  aggregateId: `order-${i}`,
  version: i,
  data: { total: 10 + i },
  occurredAt: T,
});

const DOMAIN_EVENT_TYPES = ['OrderPlaced', 'OrderShipped', 'PaymentFailed'];

/** A CloudEvent in its JSON format. */
const cloudEvent = (type: string, i: number): Rec => ({
  specversion: '1.0',
  type,
  source: '/shop/orders',
  subject: `order-${i}`,
  id: `A234-1234-123${i}`,
  time: T,
  datacontenttype: 'application/json',
  data: { orderId: i },
});

const githubPing = (i: number): Rec => ({
  zen: 'Keep it logically awesome.',
  hook_id: 109_948_940 + i,
  hook: { type: 'Repository', id: 109_948_940 + i, active: true, events: ['push'] },
  repository: { id: 1296269, full_name: 'octocat/Hello-World' },
  sender: { login: 'octocat', id: 1 },
});

const shopifyProduct = (i: number): Rec => ({
  id: 788_032_119_674_292_900 + i,
  title: 'Example T-Shirt',
  body_html: null,
  vendor: 'Acme',
  product_type: 'Shirts',
  created_at: T,
  handle: `example-t-shirt-${i}`,
  updated_at: T,
  published_at: T,
  status: 'active',
  tags: 'example, mens',
  variants: [{ id: 1, price: '19.99', sku: `TS-${i}` }],
  options: [],
  images: [],
});

describe('the first record of a stream starts the store a user would look for', () => {
  test.each<[string, Rec, string]>([
    ['an Auth0 log event of type seacft', auth0Log('seacft', 1), 'logs'],
    ['an Auth0 log event of type sapi', auth0Log('sapi', 1), 'logs'],
    ['an Auth0 log event of type fsa', auth0Log('fsa', 1), 'logs'],
    [
      'an Auth0 log event typed in words (gd_send_email), required fields only',
      auth0Required('gd_send_email', 1),
      'logs',
    ],
    [
      'an Auth0 log event typed in words (flows_execution_completed)',
      auth0Log('flows_execution_completed', 1),
      'logs',
    ],
    ['an Auth0 log event of type sapi, required fields only', auth0Required('sapi', 1), 'logs'],
    ['a Kafka Connect envelope of a user', connectUser(1), 'users'],
    ['a Kafka Connect envelope of an order', connectOrder(1), 'orders'],
    [
      'a Kafka Connect envelope of a Debezium change event',
      envelope('x.Envelope', debezium('customers', 1)),
      'changes',
    ],
    ['an OTLP traces export', otlpTraces(1), 'traces'],
    ['an OTLP logs export', otlpLogs(1), 'logs'],
    ['an OTLP metrics export', otlpMetrics(1), 'metrics'],
    ['an OTLP traces export, its fields as the protobuf names them', { resource_spans: [] }, 'traces'],
    ['a custom field whose type is user_defined', customField('user_defined', 1), 'records'],
    ['a custom field whose type is system_generated', customField('system_generated', 1), 'records'],
    [
      'a product whose type is standard',
      { type: 'standard', sku: 'A1', price: 5, brand: 'Acme' },
      'products',
    ],
    [
      'a user whose type is custom',
      { type: 'custom', username: 'ann', email: 'a@x.com', first_name: 'Ann' },
      'users',
    ],
    ['a GitHub Events API push', githubEvent('PushEvent', 1), 'events'],
    ['an event-sourced OrderPlaced', domainEvent('OrderPlaced', 1), 'events'],
    ['a CloudEvent of type OrderCreated', cloudEvent('OrderCreated', 1), 'events'],
    ['a CloudEvent of type order', cloudEvent('order', 1), 'events'],
    ['a GitHub webhook ping', githubPing(1), 'events'],
    [
      'a GitHub organization webhook ping',
      { ...githubPing(1), repository: undefined, organization: { login: 'o' } },
      'events',
    ],
    ['a Shopify product', shopifyProduct(1), 'products'],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(JSON.parse(JSON.stringify(record)), []).domain).toBe(domain);
  });
});

describe('guards: shapes that already started the right store still do', () => {
  test.each<[string, Rec, string]>([
    ['an Auth0 log event of type s', auth0Log('s', 1), 'logs'],
    ['a Debezium change event', debezium('customers', 1), 'changes'],
    ['a Debezium change event of a MongoDB collection', debeziumMongo('orders', 1), 'changes'],
    ['a Kafka Connect envelope of a payload nothing names', connectReading(1), 'records'],
    ['an event typed user_created', { type: 'user_created', user_id: 'u1', timestamp: T }, 'events'],
    ['a CloudEvent of a reverse-DNS type', cloudEvent('com.example.order.created', 1), 'events'],
    ['an order that declares its type', { type: 'order', amount: 5, currency: 'EUR' }, 'orders'],
    [
      'a comment on a log line',
      { id: 1, log_id: 'l1', type: 'comment', body: 'seen it', author: 'ann' },
      'comments',
    ],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, []).domain).toBe(domain);
  });
});

describe('a stream of each starts the stores of its kinds and stays in them', () => {
  test.each<[string, (i: number) => Rec, [string, number][]]>([
    [
      'Auth0 log events whose first has a long code',
      (i) => auth0Log(AUTH0_LONG_CODES[i % 5]!, i),
      [['logs', 24]],
    ],
    [
      'Auth0 log events with only the required fields',
      (i) => auth0Required(['gd_send_email', 'sapi', 's', 'gd_auth_failed'][i % 4]!, i),
      [['logs', 24]],
    ],
    [
      'Kafka Connect envelopes of users and orders',
      (i) => (i % 2 ? connectOrder(i) : connectUser(i)),
      [
        ['users', 12],
        ['orders', 12],
      ],
    ],
    [
      'OTLP exports of the three signals',
      (i) => [otlpTraces, otlpLogs, otlpMetrics][i % 3]!(i),
      [
        ['traces', 8],
        ['logs', 8],
        ['metrics', 8],
      ],
    ],
    [
      'GitHub Events API events of four types',
      (i) => githubEvent(GITHUB_EVENT_TYPES[i % 4]!, i),
      [['events', 24]],
    ],
    [
      'event-sourced events of three types',
      (i) => domainEvent(DOMAIN_EVENT_TYPES[i % 3]!, i),
      [['events', 24]],
    ],
    [
      'custom fields defined by users and by the system',
      (i) => customField(['user_defined', 'system_defined'][i % 2]!, i),
      [['records', 24]],
    ],
  ])('%s', (_, make, expected) => {
    const stores: StoreEntry[] = [];
    for (const i of range(24)) classifyInto(make(i), stores);
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual(expected);
  });

  test('guard: Debezium change events of every table and connector share one changes store', () => {
    const stores: StoreEntry[] = [];
    for (const i of range(24)) {
      classifyInto(
        i % 4 === 3 ? debeziumMongo('carts', i) : debezium(['customers', 'orders', 'products'][i % 4]!, i),
        stores,
      );
    }
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([['changes', 24]]);
  });

  test('Debezium change events in Kafka Connect envelopes join the changes store', () => {
    const stores: StoreEntry[] = [];
    for (const i of range(6)) classifyInto(debezium('customers', i), stores);
    expect(classifyRecord(envelope('x.Envelope', debezium('orders', 7)), stores)).toMatchObject({
      storeId: 'changes',
      isNew: false,
    });
  });

  test('an OTLP traces export joins the traces store its spans started', () => {
    const span = { traceId: '5b8e', spanId: 'eee1', name: 'GET /', kind: 2, startTimeUnixNano: '1' };
    const stores: StoreEntry[] = [];
    for (const i of range(4)) classifyInto({ ...span, spanId: `s${i}` }, stores);
    expect(classifyRecord(otlpTraces(1), stores)).toMatchObject({ storeId: 'traces', isNew: false });
  });

  test('envelopes of other payloads are told apart where a batch remembers classifications by shape', () => {
    expect(explicitDomainValue(connectUser(1))).not.toBe(explicitDomainValue(connectOrder(1)));
  });
});

describe('an earlier version’s store keeps taking the records it took', () => {
  test.each<[string, (i: number) => Rec, string]>([
    ['Auth0 log events it filed under their code', (i) => auth0Log('seacft', i), 'seacfts'],
    ['Auth0 log events typed in words it filed as events', (i) => auth0Log('gd_auth_failed', i), 'events'],
    ['Kafka Connect envelopes of users', connectUser, 'records'],
    ['enveloped Debezium change events', (i) => envelope('x.Envelope', debezium('customers', i)), 'records'],
    ['OTLP traces exports', otlpTraces, 'records'],
    ['OTLP logs exports', otlpLogs, 'records'],
    ['custom fields defined by users', (i) => customField('user_defined', i), 'events'],
    [
      'users typed custom',
      (i) => ({ type: 'custom', username: `u${i}`, email: 'a@x.com', first_name: 'A' }),
      'customs',
    ],
    ['GitHub Events API pushes', (i) => githubEvent('PushEvent', i), 'pushevents'],
    ['event-sourced OrderPlaced events', (i) => domainEvent('OrderPlaced', i), 'orderplaceds'],
    ['CloudEvents of type order', (i) => cloudEvent('order', i), 'orders'],
    ['GitHub webhook pings', githubPing, 'records'],
  ])('guard: %s', (_, make, earlier) => {
    const store = storeOf(earlier, earlier, range(20).map(make));
    expect(classifyRecord(make(21), [store])).toMatchObject({ storeId: earlier, isNew: false });
  });

  test('guard: an Auth0 stream an earlier version filed under its first code stays there whatever the code', () => {
    const seacfts = storeOf(
      'seacfts',
      'seacfts',
      range(20).map((i) => auth0Log(['seacft', 's', 'f'][i % 3]!, i)),
    );
    for (const code of ['seacft', 's', 'sapi']) {
      expect(classifyRecord(auth0Log(code, 30), [seacfts])).toMatchObject({
        storeId: 'seacfts',
        isNew: false,
      });
    }
  });

  test('guard: a stream of Auth0 log events trimmed of date and description keeps a long code with the short', () => {
    const trimmed = (type: string, i: number): Rec => {
      const { date, description, ...rest } = auth0Log(type, i);
      return rest;
    };
    const stores: StoreEntry[] = [];
    for (const i of range(6)) classifyInto(trimmed(['s', 'f'][i % 2]!, i), stores);
    expect(classifyRecord(trimmed('seacft', 7), stores)).toMatchObject({ storeId: 'logs', isNew: false });
  });

  test('a records store of envelopes whose payloads nothing names does not take the envelopes of users', () => {
    const readings = storeOf('records', 'records', range(20).map(connectReading));
    expect(classifyRecord(connectUser(21), [readings])).toMatchObject({ domain: 'users', isNew: true });
    expect(classifyRecord(connectReading(21), [readings])).toMatchObject({
      storeId: 'records',
      isNew: false,
    });
  });
});
