/**
 * Public JSON shapes that started a store named for nothing they are (`records`) or for something
 * else (`messages`, `orders`, `workflow_completeds`): GitHub's comments alone, Jenkins's and GitHub
 * Actions' builds, uptime checks, Mailgun's, Datadog's and EventBridge's events, Postmark's webhooks
 * (`RecordType`), Salesforce records (`attributes.type`), Prometheus alerts, and event names written
 * as words (`workflow-completed`, Slack's `event_callback`). Weak single fields stay weak: a film, a
 * repository, a product, an application's version keep the store they started before. A store an
 * earlier version filed such records in keeps taking them (`messages`, `orders`, `records`), and a
 * store of one declared type takes no records of another.
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, explicitDomainValue, type StoreEntry } from '../src/index.ts';
import { classifyInto, storeOf } from './support/learning.ts';
import { T } from './support/shapes.ts';

type Rec = Record<string, unknown>;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const issueComment = (i: number): Rec => ({
  id: 1_000 + i,
  node_id: `MDEyOklzc3VlQ29tbWVudDE${i}`,
  url: `https://api.github.com/repos/octo/app/issues/comments/${1_000 + i}`,
  html_url: `https://github.com/octo/app/issues/${i % 5}#issuecomment-${1_000 + i}`,
  body: `Me too ${i}`,
  user: { login: ['octocat', 'hubot'][i % 2], id: i % 2 },
  created_at: T,
  updated_at: T,
  issue_url: `https://api.github.com/repos/octo/app/issues/${i % 5}`,
  author_association: ['OWNER', 'NONE'][i % 2],
});

const jenkinsBuild = (i: number): Rec => ({
  name: ['asgard', 'midgard'][i % 2],
  display_name: ['asgard', 'midgard'][i % 2],
  url: 'job/asgard/',
  build: {
    full_url: `http://jenkins.example.com/job/asgard/${i}/`,
    number: i,
    phase: 'COMPLETED',
    status: ['SUCCESS', 'FAILURE'][i % 2],
    url: `job/asgard/${i}/`,
  },
});

const uptimeCheck = (i: number): Rec => ({
  monitor: ['api', 'web'][i % 2],
  url: ['https://api.example.com/health', 'https://example.com'][i % 2],
  status: i % 7 === 0 ? 'down' : 'up',
  response_time_ms: 80 + i,
  checked_at: T,
});

const mailgunEvent = (i: number): Rec => ({
  signature: {
    timestamp: '1529006854',
    token: `a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de${i}`,
    signature: 'd2271d12',
  },
  'event-data': {
    event: ['delivered', 'opened', 'failed'][i % 3],
    timestamp: 1_521_472_262.9 + i,
    id: `CPgfbmQMTCKtHW6uIWtuVe${i}`,
    recipient: 'alice@example.com',
    message: { headers: { 'message-id': `${i}@example.com` } },
  },
});

const postmarkBounce = (i: number): Rec => ({
  RecordType: 'Bounce',
  MessageStream: 'outbound',
  ID: 4_323_372_036_854_775_000 + i,
  Type: 'HardBounce',
  TypeCode: 1,
  Name: 'Hard bounce',
  Tag: 'Test',
  MessageID: `883953f4-6105-42a2-a16a-77a8eac79483-${i}`,
  ServerID: 23,
  Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
  Details: 'Test bounce details',
  Email: `john${i}@example.com`,
  From: 'sender@example.com',
  BouncedAt: T,
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: 'Test subject',
  Content: '',
  Metadata: {},
});

const postmarkDelivery = (i: number): Rec => ({
  RecordType: 'Delivery',
  ServerID: 23,
  MessageStream: 'outbound',
  MessageID: `883953f4-6105-42a2-a16a-77a8eac79483-${i}`,
  Recipient: `john${i}@example.com`,
  Tag: 'welcome-email',
  DeliveredAt: T,
  Details: 'Test delivery webhook details',
  Metadata: {},
});

const postmarkOpen = (i: number): Rec => ({
  RecordType: 'Open',
  MessageStream: 'outbound',
  FirstOpen: true,
  Client: { Name: 'Chrome 35.0.1916.153' },
  OS: { Name: 'OS X 10.7 Lion' },
  Platform: 'WebMail',
  UserAgent: 'Mozilla/5.0',
  ReadSeconds: 5,
  Geo: {},
  MessageID: `883953f4-6105-42a2-a16a-77a8eac79483-${i}`,
  Metadata: {},
  ReceivedAt: T,
  Tag: 'welcome-email',
  Recipient: `john${i}@example.com`,
});

const opportunity = (i: number): Rec => ({
  attributes: { type: 'Opportunity', url: `/services/data/v59.0/sobjects/Opportunity/0065g00000${i}` },
  Id: `0065g00000${i}`,
  Name: `Deal ${i}`,
  Amount: 1000 * i,
  StageName: 'Prospecting',
  CloseDate: '2026-12-01',
});

const circleci = (type: string, i: number): Rec => ({
  type,
  id: `3888f21b-eaa7-38e3-8f3d-75a63bba88${i}`,
  happened_at: T,
  webhook: { id: 'cf8c4fdd-0587-4da1-b4ca-4846e9640af9', name: 'Sample Webhook' },
  workflow: { id: `fda08377-fe7e-46b1-8992-3a7aaecac9${i}`, status: 'success' },
  pipeline: { id: `1285fe1d-d3a6-44fc-8886-8979558254${i}`, number: i },
  project: { slug: 'gh/octo/app' },
  organization: { name: 'octo' },
});

const shapes: [string, Rec, string][] = [
  ['a GitHub issue comment', issueComment(1), 'comments'],
  [
    'a GitHub pull request review comment',
    {
      url: 'https://api.github.com/repos/octo/app/pulls/comments/10',
      pull_request_review_id: 42,
      id: 10,
      node_id: 'MDI0OlB1bGxSZXF1ZXN0UmV2aWV3Q29tbWVudDEw',
      diff_hunk: '@@ -16,33 +16,40 @@',
      path: 'file1.txt',
      position: 1,
      commit_id: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
      user: { login: 'octocat' },
      body: 'Great stuff!',
      created_at: T,
      updated_at: T,
      html_url: 'https://github.com/octo/app/pull/1#discussion-diff-1',
      pull_request_url: 'https://api.github.com/repos/octo/app/pulls/1',
      author_association: 'NONE',
    },
    'comments',
  ],
  ["Jenkins's notification plugin", jenkinsBuild(18), 'builds'],
  [
    'a GitHub Actions workflow run',
    {
      id: 30433642,
      name: 'Build',
      head_branch: 'main',
      head_sha: 'acb5820ced9479c074f688cc328bf03f341a511d',
      run_number: 562,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      workflow_id: 159038,
      url: 'https://api.github.com/repos/octo/app/actions/runs/30433642',
      created_at: T,
      updated_at: T,
    },
    'builds',
  ],
  ['an uptime check', uptimeCheck(1), 'checks'],
  ['a Mailgun webhook', mailgunEvent(1), 'events'],
  [
    'a Datadog event',
    {
      id: 1,
      title: 'Deployed api',
      text: 'version 42 is out',
      date_happened: 1_764_320_000,
      priority: 'normal',
      alert_type: 'info',
      tags: ['env:prod'],
      host: 'web-1',
      url: 'https://app.datadoghq.com/event/event?id=1',
    },
    'events',
  ],
  [
    'an EventBridge event',
    {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '111122223333',
      time: T,
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0'],
      detail: { 'instance-id': 'i-1234567890abcdef0', state: 'running' },
    },
    'events',
  ],
  ['a Postmark bounce', postmarkBounce(1), 'bounces'],
  ['a Postmark delivery', postmarkDelivery(1), 'deliveries'],
  ['a Postmark open', postmarkOpen(1), 'opens'],
  [
    'a Salesforce account',
    {
      attributes: { type: 'Account', url: '/services/data/v59.0/sobjects/Account/0015g00000Abc' },
      Id: '0015g00000Abc',
      Name: 'Acme',
      Industry: 'Technology',
      AnnualRevenue: 1_000_000,
    },
    'accounts',
  ],
  ['a Salesforce opportunity', opportunity(1), 'opportunities'],
  [
    'a Salesforce custom object',
    {
      attributes: { type: 'Invoice__c', url: '/services/data/v59.0/sobjects/Invoice__c/a015g00000X' },
      Id: 'a015g00000X',
      Name: 'INV-1',
      Amount__c: 10,
    },
    'invoices',
  ],
  [
    'a Prometheus alert',
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', severity: 'page' },
      annotations: { summary: 'p99 over 1s' },
      startsAt: T,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
      fingerprint: 'c9a8d6c2b1a1e2f3',
    },
    'alerts',
  ],
  [
    'an Alertmanager webhook',
    {
      version: '4',
      groupKey: '{}:{alertname="HighLatency"}',
      status: 'firing',
      receiver: 'team-pager',
      groupLabels: { alertname: 'HighLatency' },
      commonLabels: { alertname: 'HighLatency' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [],
    },
    'alerts',
  ],
  ["CircleCI's workflow-completed", circleci('workflow-completed', 130), 'events'],
  ['a user_created event', { type: 'user_created', user_id: 'u1', created_at: T }, 'events'],
  [
    "Slack's Events API envelope",
    {
      token: 'XXYYZZ',
      team_id: 'T123ABC456',
      api_app_id: 'A123ABC456',
      event: {
        type: 'message',
        channel: 'C123ABC456',
        user: 'U123ABC456',
        text: 'hi',
        ts: '1355517523.000005',
      },
      type: 'event_callback',
      event_id: 'Ev123ABC456',
      event_time: 1_764_320_000,
    },
    'events',
  ],
];

describe('public shapes start the store of what they are', () => {
  test.each(shapes)('%s', (_, record, domain) => {
    expect(classifyRecord(record, []).domain).toBe(domain);
  });
});

describe('weak fields stay weak', () => {
  test.each<[string, Rec, string]>([
    ['a film', { title: 'Heat', year: 1995, rating: 8.3 }, 'records'],
    ['a repository', { name: 'smartdb', stars: 10 }, 'records'],
    ['a product', { name: 'Widget', price: 9.99 }, 'records'],
    ["an application's version and build number", { name: 'app', version: '1.2.3', build: '345' }, 'records'],
    ['a book read', { title: 'Dune', author: 'Herbert', read: true }, 'records'],
    ["a monitor's uptime over a period", { monitor: 'api', uptime: 99.9, period: 'day' }, 'records'],
    ['an essay', { title: 'On builds', summary: 'x', conclusion: 'y', author: 'ann' }, 'records'],
    [
      "a product's attributes holding a type",
      { name: 'Shirt', price: 10, attributes: { type: 'Cotton', url: 'https://example.com/cotton' } },
      'records',
    ],
    ['a feed named by its type', { type: 'news_feed', title: 'Front page' }, 'news_feeds'],
    [
      'a GitHub pull request',
      { ...issueComment(2), title: 'Add a feature', assignee: null, closed_at: null },
      'tickets',
    ],
    [
      'an UptimeRobot alert named by its monitor id',
      {
        monitorID: 1,
        monitorURL: 'https://example.com',
        monitorFriendlyName: 'API',
        alertType: 1,
        alertDetails: 'x',
      },
      'monitors',
    ],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, []).domain).toBe(domain);
  });
});

describe('a stream of each starts one store and stays in it', () => {
  test.each<[string, (i: number) => Rec, string]>([
    ['GitHub issue comments', issueComment, 'comments'],
    ['Jenkins builds', jenkinsBuild, 'builds'],
    ['uptime checks', uptimeCheck, 'checks'],
    ['Mailgun webhooks', mailgunEvent, 'events'],
    ['Salesforce opportunities', opportunity, 'opportunities'],
  ])('%s', (_, make, domain) => {
    const stores: StoreEntry[] = [];
    for (const i of range(40)) classifyInto(make(i), stores);
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([[domain, 40]]);
  });

  test("Postmark's webhooks keep a store per record type, each with its own time field", () => {
    const stores: StoreEntry[] = [];
    for (const i of range(30))
      classifyInto([postmarkBounce, postmarkDelivery, postmarkOpen][i % 3]!(i), stores);
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([
      ['bounces', 10],
      ['deliveries', 10],
      ['opens', 10],
    ]);
  });

  test('CircleCI events of two names share one events store', () => {
    const stores: StoreEntry[] = [];
    for (const i of range(20))
      classifyInto(circleci(['workflow-completed', 'job-completed'][i % 2]!, i), stores);
    expect(stores.map((s) => [s.domain, s.recordCount])).toEqual([['events', 20]]);
  });
});

describe('the declared type tells records of one shape apart', () => {
  test.each<[string, Rec, string]>([
    ["Postmark's RecordType", postmarkBounce(1), 'Bounce'],
    ['recordType', { recordType: 'Invoice', id: 1, total: 3 }, 'Invoice'],
    ["Salesforce's attributes.type", opportunity(1), 'Opportunity'],
  ])('%s', (_, record, value) => {
    expect(explicitDomainValue(record)).toBe(value);
  });

  test("a capitalised Type is a property where keys are capitalised, not the record's type", () => {
    const { RecordType: _, ...untyped } = postmarkBounce(1);
    expect(explicitDomainValue(untyped)).toBeNull();
  });
});

describe('a store an earlier version filed declared records in keeps taking them', () => {
  test.each<[string, StoreEntry, Rec]>([
    [
      'Postmark bounces in messages',
      storeOf('messages', 'messages', range(20).map(postmarkBounce)),
      postmarkBounce(21),
    ],
    [
      'Postmark deliveries in records',
      storeOf('records', 'records', range(20).map(postmarkDelivery)),
      postmarkDelivery(21),
    ],
    [
      'Salesforce opportunities in orders',
      storeOf('orders', 'orders', range(20).map(opportunity)),
      opportunity(21),
    ],
  ])('%s', (_, store, record) => {
    expect(classifyRecord(record, [store])).toMatchObject({ storeId: store.id, isNew: false });
  });
});

describe('a store an earlier version named by an event type keeps its shape', () => {
  test("CircleCI's workflow-completed in workflow_completeds", () => {
    const completed = (i: number) => circleci('workflow-completed', i);
    const store = storeOf('workflow_completeds', 'workflow_completeds', range(20).map(completed));
    expect(classifyRecord(completed(21), [store])).toMatchObject({ storeId: store.id, isNew: false });
  });
});

test('a record of another declared type does not join the store of one it shares a shape with', () => {
  const sobject = (type: string, i: number): Rec => ({
    attributes: { type, url: `/services/data/v59.0/sobjects/${type}/00${i}` },
    Id: `00${i}`,
    Name: `${type} ${i}`,
  });
  const stores: StoreEntry[] = [];
  for (const i of range(20)) classifyInto(sobject('Account', i), stores);
  for (const i of range(20)) classifyInto(sobject('Contact', i), stores);
  expect(stores.map((s) => [s.id, s.recordCount])).toEqual([
    ['accounts', 20],
    ['contacts', 20],
  ]);
});
