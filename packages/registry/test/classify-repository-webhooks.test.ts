/**
 * Webhook deliveries of a code host (GitHub's shapes, as its documentation shows them) name their
 * event in a header, not in the body: the body is `{action, <object>, repository, sender, …}`. By
 * `sender` alone they were detected as chat messages (and a push, `{ref, pusher, sender, …}`, too),
 * so "how many messages from ann" counted pushes. They are events now (a store per shape of
 * delivery, as for any new shape), while messages with a sender stay messages.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

const repository = { id: 1296269, name: 'api', full_name: 'acme/api', private: false };
const sender = { login: 'octocat', id: 1, type: 'User' };

const issues = (i: number): Rec => ({
  action: ['opened', 'closed', 'labeled'][i % 3],
  issue: { number: i, title: `bug ${i}`, state: 'open', user: sender },
  repository,
  sender,
});

const pullRequest = (i: number): Rec => ({
  action: 'opened',
  number: i,
  pull_request: { number: i, title: `fix ${i}`, merged: false },
  repository,
  sender,
  installation: { id: 42 },
});

const push = (i: number): Rec => ({
  ref: 'refs/heads/main',
  before: `${i}`.padStart(40, '0'),
  after: `${i + 1}`.padStart(40, '0'),
  repository,
  pusher: { name: 'octocat', email: 'octocat@example.com' },
  sender,
  created: false,
  deleted: false,
  forced: false,
  compare: `https://example.com/acme/api/compare/${i}...${i + 1}`,
  commits: [],
  head_commit: { id: `${i + 1}`, timestamp: '2026-11-27T10:00:00Z', message: 'fix' },
});

describe('webhook deliveries of a code host', () => {
  test.each([
    ['an issues event', issues(1)],
    ['a pull request event of an app installation', pullRequest(1)],
    ['a push', push(1)],
  ])('%s is an event, not a message', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'events', isNew: true });
  });

  test('deliveries mixed with chat messages: every delivery an event, every message in one messages store', () => {
    const stores: StoreEntry[] = [];
    const chat = (i: number): Rec => ({
      sender: ['ann', 'bob'][i % 2],
      channel: 'general',
      text: `hi ${i}`,
      sent_at: '2026-11-27T10:00:00Z',
    });
    const out = stream(
      [0, 1, 2, 3, 4, 5].flatMap((i) => [chat(i), issues(i), pullRequest(i), push(i)]),
      stores,
    );
    const where = (domain: string) => new Set(out.filter((c) => c.domain === domain).map((c) => c.storeId));
    expect(where('messages')).toEqual(new Set(['messages']));
    expect(out.filter((c) => c.domain === 'messages')).toHaveLength(6);
    expect(out.filter((c) => c.domain === 'events')).toHaveLength(18);
  });

  test('an email with a sender and a recipient stays a message', () => {
    expect(
      classifyRecord({ sender: 'a@x.io', recipient: 'b@x.io', subject: 'hi', body: 'hello' }, []),
    ).toMatchObject({ domain: 'messages' });
  });
});
