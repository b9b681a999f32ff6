/**
 * Public payloads that started a store named for a code or for something they are not, each now
 * starting the store a user would look for: Auth0's log events (`type: 's' | 'f' | 'fp' | …`, which
 * started `s`, `fs`, `fps`, one store per code) start `logs`; Reddit's things (`kind: 't3'`) start
 * `posts` and `comments` by Reddit's documented prefixes, not `t3s`; Amazon SNS notifications and SQS
 * messages start `messages`, not `records`; Square's webhooks start `events`, not `merchants` by
 * their first key; a Stripe checkout session starts `checkout_sessions` (its dotted type was read as
 * an event's name, and its test-mode id was not read at all); Sentry's webhooks start `events`, not
 * `audits`; Zendesk's tickets start `tickets`, not a store per ticket type; Google Cloud's LogEntry
 * starts `logs`, not `inserts`; CloudWatch Logs' batches start `logs`; a span whose kind is written
 * as a word (`SPAN_KIND_SERVER`, Zipkin's `SERVER`) starts `traces`, as one with OTLP's numeric kind
 * did; a Jira issue from its REST API starts `issues` by its `self` address, not `records`; Segment's
 * `alias` calls start `aliases`, not `alias`. A tenant whose earlier records of such a shape sit in
 * the store an earlier version started keeps seeing them go there; words that name a store still do.
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto, storeOf } from './support/learning.ts';
import { T } from './support/shapes.ts';

type Rec = Record<string, unknown>;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A Segment `alias` call, which names an earlier id of a user. */
const segmentAlias = (i: number): Rec => ({
  type: 'alias',
  messageId: `ajs-${i}`,
  previousId: `anon-${i}`,
  userId: `u${i}`,
  timestamp: T,
  context: { ip: '8.8.8.8' },
});

/** An Auth0 log event as the Management API lists it and a custom log stream delivers it. */
const auth0Log = (type: string, i: number): Rec => ({
  date: T,
  type,
  description: 'Successful login',
  connection: 'Username-Password-Authentication',
  connection_id: 'con_TeIlVP4d9fmD8jz5',
  client_id: 'AaiyAPdpYdesoKnqjj8HJqRn4T5titww',
  client_name: 'My App',
  ip: '190.257.209.19',
  user_agent: 'Chrome 120.0.0 / Mac OS X 10.15.7',
  details: { prompts: [] },
  hostname: 'tenant.eu.auth0.com',
  user_id: `auth0|56c75c4e42b6359e98374bc${i}`,
  user_name: `alice${i}@example.com`,
  strategy: 'auth0',
  strategy_type: 'database',
  log_id: `900201711291632191000${i}`,
});

const AUTH0_CODES = ['s', 'f', 'fp', 'seacft', 'sapi', 'slo', 'fu', 'ssa'];

const redditThing = (kind: 't1' | 't3', i: number): Rec =>
  kind === 't1'
    ? {
        kind,
        data: {
          id: `c${i}`,
          name: `t1_c${i}`,
          author: 'ann',
          body: 'nice',
          parent_id: 't3_abc',
          link_id: 't3_abc',
          subreddit: 'programming',
          score: 3,
          created_utc: 1_764_320_000,
        },
      }
    : {
        kind,
        data: {
          id: `abc${i}`,
          name: `t3_abc${i}`,
          author: 'ann',
          title: 'Show: smartdb',
          selftext: '',
          url: 'https://example.com',
          subreddit: 'programming',
          score: 42,
          num_comments: 3,
          created_utc: 1_764_320_000,
        },
      };

const snsNotification = (i: number): Rec => ({
  Type: 'Notification',
  MessageId: `22b80b92-fdea-4c2c-8f9d-bdfb0c7bf32${i}`,
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
  Subject: 'My First Message',
  Message: `Hello world ${i}`,
  Timestamp: T,
  SignatureVersion: '1',
  Signature:
    'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
  UnsubscribeURL:
    'https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0',
});

const snsConfirmation = (i: number): Rec => ({
  Type: 'SubscriptionConfirmation',
  MessageId: `165545c9-2a5c-472c-8df2-7ff2be2b3b1${i}`,
  Token: '2336412f37f',
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
  Message: 'You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.',
  SubscribeURL: 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription',
  Timestamp: T,
  SignatureVersion: '1',
  Signature: 'EXAMPLE',
  SigningCertURL: 'https://sns.us-west-2.amazonaws.com/SimpleNotificationService.pem',
});

const sqsMessage = (i: number): Rec => ({
  messageId: `059f36b4-87a3-44ab-83d2-661975830a7${i}`,
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
  body: `Test message ${i}.`,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
  messageAttributes: {},
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
  awsRegion: 'us-east-2',
});

const squareWebhook = (i: number): Rec => ({
  merchant_id: '6SSW7HV8K2ST5',
  type: ['payment.created', 'payment.updated', 'refund.created'][i % 3],
  event_id: `13b867cf-db3d-4b1c-90b6-2f32a9d78${i}`,
  created_at: T,
  data: {
    type: 'payment',
    id: `KkAkhdMsgzn59SM8A89WgKwekxLZY${i}`,
    object: { payment: { id: `p${i}`, amount_money: { amount: 100, currency: 'USD' }, status: 'APPROVED' } },
  },
});

const checkoutSession = (mode: 'test' | 'live', i: number): Rec => ({
  id: `cs_${mode}_a1b2c3d4e5f6g7h8i9j0${i}`,
  object: 'checkout.session',
  amount_subtotal: 2000,
  amount_total: 2000,
  currency: 'usd',
  customer: null,
  customer_email: 'jenny@example.com',
  mode: 'payment',
  payment_status: 'unpaid',
  status: 'open',
  success_url: 'https://example.com/success',
  url: 'https://checkout.stripe.com/c/pay/cs_test_a1',
  created: 1_764_320_000,
  expires_at: 1_764_406_400,
});

const sentryWebhook = (i: number): Rec => ({
  action: ['created', 'resolved', 'assigned'][i % 3],
  installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
  data: {
    issue: {
      id: `${1_170_820_242 + i}`,
      shortId: 'API-1',
      title: 'Error: boom',
      level: 'error',
      status: 'unresolved',
      project: { slug: 'api' },
      firstSeen: T,
    },
  },
  actor: { type: 'application', id: 'sentry', name: 'Sentry' },
});

const sentryEventAlert = (i: number): Rec => ({
  action: 'triggered',
  installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
  data: {
    event: { event_id: `e${i}`, title: 'Error: boom', level: 'error', timestamp: 1_764_320_000 },
    triggered_rule: 'High error rate',
  },
  actor: { type: 'application', id: 'sentry', name: 'Sentry' },
});

const ZENDESK_TYPES = ['incident', 'question', 'problem', 'task'];

const zendeskTicket = (i: number): Rec => ({
  id: 35_436 + i,
  url: `https://company.zendesk.com/api/v2/tickets/${35_436 + i}.json`,
  external_id: null,
  type: ZENDESK_TYPES[i % 4],
  subject: 'Help, my printer is on fire!',
  description: 'The fire is very colorful.',
  priority: 'high',
  status: 'open',
  recipient: 'support@company.com',
  requester_id: 20_978_392,
  submitter_id: 76_872,
  assignee_id: 235_323,
  tags: ['enterprise'],
  created_at: T,
  updated_at: T,
});

/** A Jira issue as its REST API gives it, addressed by its `self`. */
const jiraIssue = (i: number): Rec => ({
  id: `1000${i}`,
  self: `https://example.atlassian.net/rest/api/3/issue/1000${i}`,
  key: `ENG-${i}`,
  fields: {
    summary: 'Crash on start',
    status: { name: 'To Do' },
    priority: { name: 'High' },
    assignee: null,
    created: T,
  },
});

const gcpLogEntry = (i: number): Rec => ({
  insertId: `42${i}`,
  logName: 'projects/my-project/logs/syslog',
  resource: { type: 'gce_instance', labels: { instance_id: '1', zone: 'us-central1-a' } },
  textPayload: `Hello ${i}`,
  timestamp: T,
  severity: ['INFO', 'ERROR'][i % 2],
  receiveTimestamp: T,
});

const gcpJsonLogEntry = (i: number): Rec => ({
  insertId: `43${i}`,
  logName: 'projects/my-project/logs/run.googleapis.com%2Fstdout',
  resource: { type: 'cloud_run_revision', labels: {} },
  jsonPayload: { message: 'hi' },
  timestamp: T,
  receiveTimestamp: T,
  httpRequest: { requestMethod: 'GET', status: 200 },
  trace: 'projects/my-project/traces/abc',
  spanId: '000000000000004a',
});

const cloudWatchLogs = (i: number): Rec => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/api',
  logStream: '2026/11/28/[$LATEST]abc',
  subscriptionFilters: ['all'],
  logEvents: [{ id: `${i}`, timestamp: 1_764_320_000_000, message: 'START RequestId' }],
});

const span = (kind: unknown, i: number): Rec => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: `eee19b7ec3c1b17${i}`,
  parentSpanId: 'eee19b7ec3c1b173',
  name: 'GET /users',
  kind,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }],
  status: { code: 1 },
});

const zipkinSpan = (i: number): Rec => ({
  traceId: '5af7183fb1d4cf5f',
  parentId: '6b221d5bc9e6496c',
  id: `352bff9a74ca9ad${i}`,
  kind: ['SERVER', 'CLIENT'][i % 2],
  name: 'get /api',
  timestamp: 1_556_604_172_355_737,
  duration: 1431,
  localEndpoint: { serviceName: 'backend', ipv4: '192.168.99.1', port: 3306 },
  tags: { 'http.method': 'GET' },
});

describe('public payloads start the store a user would expect', () => {
  test.each<[string, Rec, string]>([
    ['an Auth0 successful login (`type: s`)', auth0Log('s', 1), 'logs'],
    ['an Auth0 failed change password (`type: fp`)', auth0Log('fp', 1), 'logs'],
    ['an Auth0 log stream delivery', { log_id: '90020171129163219100001', data: auth0Log('s', 1) }, 'logs'],
    ['a Reddit link (`kind: t3`)', redditThing('t3', 1), 'posts'],
    ['a Reddit comment (`kind: t1`)', redditThing('t1', 1), 'comments'],
    ['an Amazon SNS notification', snsNotification(1), 'messages'],
    ['an Amazon SNS subscription confirmation', snsConfirmation(1), 'messages'],
    ['an Amazon SQS message', sqsMessage(1), 'messages'],
    ['a Square webhook', squareWebhook(1), 'events'],
    ['a Stripe checkout session (test mode)', checkoutSession('test', 1), 'checkout_sessions'],
    ['a Stripe checkout session (live mode)', checkoutSession('live', 1), 'checkout_sessions'],
    ['a Sentry issue webhook', sentryWebhook(1), 'events'],
    ['a Sentry event alert webhook', sentryEventAlert(1), 'events'],
    ['a Zendesk incident ticket', zendeskTicket(0), 'tickets'],
    ['a Zendesk question ticket', zendeskTicket(1), 'tickets'],
    ['a Google Cloud LogEntry with a textPayload', gcpLogEntry(1), 'logs'],
    ['a Google Cloud LogEntry with a jsonPayload', gcpJsonLogEntry(1), 'logs'],
    ['a CloudWatch Logs subscription batch', cloudWatchLogs(1), 'logs'],
    ['an OTLP span with its kind as a word', span('SPAN_KIND_SERVER', 1), 'traces'],
    ['a Zipkin span', zipkinSpan(1), 'traces'],
    ['a Segment alias call', segmentAlias(1), 'aliases'],
    ['a Jira issue from its REST API', jiraIssue(1), 'issues'],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, []).domain).toBe(domain);
  });
});

describe('a stream of each starts the stores of its kinds and stays in them', () => {
  test.each<[string, (i: number) => Rec, [string, number][]]>([
    ['Auth0 log events of eight codes', (i) => auth0Log(AUTH0_CODES[i % 8]!, i), [['logs', 24]]],
    [
      'Reddit links and comments',
      (i) => redditThing(i % 2 ? 't3' : 't1', i),
      [
        ['comments', 12],
        ['posts', 12],
      ],
    ],
    [
      'SNS notifications and a confirmation',
      (i) => (i % 6 ? snsNotification(i) : snsConfirmation(i)),
      [['messages', 24]],
    ],
    ['Square webhooks', squareWebhook, [['events', 24]]],
    ['Sentry webhooks', (i) => (i % 2 ? sentryWebhook(i) : sentryEventAlert(i)), [['events', 24]]],
    ['Zendesk tickets of four types', zendeskTicket, [['tickets', 24]]],
    ['Google Cloud LogEntries', gcpLogEntry, [['logs', 24]]],
    ['Zipkin spans of two kinds', zipkinSpan, [['traces', 24]]],
  ])('%s', (_, make, expected) => {
    const stores: StoreEntry[] = [];
    for (const i of range(24)) classifyInto(make(i), stores);
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual(expected);
  });

  test('an Auth0 code of several letters joins the log events its stream started', () => {
    const stores: StoreEntry[] = [];
    for (const i of range(6)) classifyInto(auth0Log(['s', 'f'][i % 2]!, i), stores);
    expect(classifyRecord(auth0Log('seacft', 7), stores)).toMatchObject({ storeId: 'logs', isNew: false });
  });
});

describe('a fresh tenant’s records start the new store, an earlier version’s store keeps its shape', () => {
  test.each<[string, (i: number) => Rec, string, string]>([
    ['Auth0 successful logins', (i) => auth0Log('s', i), 'logs', 's'],
    ['Reddit links', (i) => redditThing('t3', i), 'posts', 't3s'],
    ['SNS notifications', snsNotification, 'messages', 'records'],
    ['Square webhooks', squareWebhook, 'events', 'merchants'],
    ['Stripe checkout sessions', (i) => checkoutSession('test', i), 'checkout_sessions', 'orders'],
    ['Sentry webhooks', sentryWebhook, 'events', 'audits'],
    ['Zendesk incidents', (i) => zendeskTicket(i * 4), 'tickets', 'incidents'],
    ['Google Cloud LogEntries', gcpLogEntry, 'logs', 'inserts'],
    ['OTLP spans with a kind in words', (i) => span('SPAN_KIND_SERVER', i), 'traces', 'span_kind_servers'],
    ['Segment alias calls', segmentAlias, 'aliases', 'alias'],
    ['Jira issues', jiraIssue, 'issues', 'records'],
  ])('%s', (_, make, fresh, earlier) => {
    expect(classifyRecord(make(21), [])).toMatchObject({ domain: fresh, isNew: true });
    const store = storeOf(earlier, earlier, range(20).map(make));
    expect(classifyRecord(make(21), [store])).toMatchObject({ storeId: earlier, isNew: false });
  });

  test('each Auth0 code an earlier version gave a store keeps its own; a code it never saw joins them', () => {
    const s = storeOf(
      's',
      's',
      range(20).map((i) => auth0Log('s', i)),
    );
    const fs = storeOf(
      'fs',
      'fs',
      range(20).map((i) => auth0Log('f', i)),
    );
    expect(classifyRecord(auth0Log('s', 30), [s, fs]).storeId).toBe('s');
    expect(classifyRecord(auth0Log('f', 30), [s, fs]).storeId).toBe('fs');
    expect(classifyRecord(auth0Log('fp', 30), [s, fs])).toMatchObject({ isNew: false });
  });

  test('a domain hinted in the singular joins the store an earlier version named for it', () => {
    const addresses = { street: '1 Main St', city: 'Springfield', zip: '12345' };
    expect(classifyRecord(addresses, [], 'address')).toMatchObject({ domain: 'addresses', isNew: true });
    const earlier = storeOf('address', 'address', [addresses]);
    expect(classifyRecord(addresses, [earlier], 'address')).toMatchObject({
      storeId: 'address',
      isNew: false,
    });
  });

  test('a Reddit kind that had no store starts the store its prefix names', () => {
    const links = storeOf(
      't3s',
      't3s',
      range(20).map((i) => redditThing('t3', i)),
    );
    expect(classifyRecord(redditThing('t1', 30), [links])).toMatchObject({ domain: 'comments', isNew: true });
  });
});

describe('what tells a property from a domain is read narrowly', () => {
  test('a code of one or two letters names no store; a word of three does', () => {
    expect(classifyRecord({ type: 'tv', brand: 'Acme', model: 'X1', price: 499 }, []).domain).toBe(
      'products',
    );
    expect(classifyRecord({ type: 'sms', to: '+15558675310', body: 'hi' }, []).domain).toBe('sms');
  });

  test('a Reddit kind names its noun only beside a name that carries the kind', () => {
    expect(classifyRecord(redditThing('t3', 1), []).domain).toBe('posts');
    expect(classifyRecord({ kind: 't3', data: { name: 'x' } }, []).domain).toBe('records');
  });

  test('an address names the collection only when it is the record’s own, in an API', () => {
    expect(classifyRecord(zendeskTicket(1), []).domain).toBe('tickets');
    const article = { id: 5, type: 'article', url: 'https://blog.example.com/posts/5' };
    expect(classifyRecord(article, []).domain).toBe('articles');
    const refund = { id: 5, type: 'refund', url: 'https://api.example.com/v1/orders/9' };
    expect(classifyRecord(refund, []).domain).toBe('refunds');
  });

  test('a `self` address names a collection; a `url` alone does not', () => {
    expect(classifyRecord(jiraIssue(1), []).domain).toBe('issues');
    const { self, ...rest } = jiraIssue(1);
    expect(classifyRecord({ ...rest, url: self }, []).domain).toBe('records');
  });

  test('a kind beside a trace id is the span’s; beside none it names a store', () => {
    expect(classifyRecord(zipkinSpan(1), []).domain).toBe('traces');
    expect(classifyRecord({ kind: 'server', name: 'web-1', region: 'eu' }, []).domain).toBe('servers');
  });
});
