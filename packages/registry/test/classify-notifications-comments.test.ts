/**
 * Notifications and comments, classified one by one as the first records of a tenant. A user's
 * notification (`{user_id, channel: 'email' | 'push' | 'sms', title, body, read, sent_at}`) started
 * `messages` by its channel and its sent_at; a channel of delivery is not a chat's, and it starts
 * `notifications`. A comment on a post (`{post_id, author, body, created_at}`) started `posts`, named
 * by the id of the post it is on (as shipments were `orders` and reviews `products`); a text written
 * on another record, with no title of its own, starts `comments`. The post itself, a like of it and
 * the messages beside them keep their domains.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';
import { comment, notification, T } from './support/shapes.ts';

type Rec = Record<string, unknown>;

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

describe('notifications start a notifications store', () => {
  test.each<[string, Rec]>([
    ['an email notification', notification(0)],
    ['a push notification', notification(1)],
    ['an SMS notification', notification(2)],
    [
      'an in-app notification read at a time',
      { recipient_id: 'u1', channel: 'in_app', title: 'Mention', body: 'x', read_at: null, created_at: T },
    ],
    [
      'a notification with no channel',
      { user_id: 'u1', title: 'Welcome', body: 'hi', is_read: false, created_at: T },
    ],
    [
      'a push notification with no read state',
      { user_id: 'u1', channel: 'push', title: 'Sale', body: '20% off', sent_at: T },
    ],
  ])('%s', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'notifications', isNew: true });
  });

  test('notifications of every channel share one store', () => {
    const out = stream([0, 1, 2, 3, 4, 5].map(notification));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(
      new Set(['notifications/notifications']),
    );
  });
});

describe('comments start a comments store', () => {
  test.each<[string, Rec]>([
    ['a comment on a post', comment(1)],
    ['a comment by a user id', { post_id: 'p1', user_id: 'u1', body: 'nice', created_at: T }],
    ['a comment spelled in camelCase', { postId: 'p1', authorId: 'u1', text: 'nice', createdAt: T }],
    [
      'JSONPlaceholder’s comment',
      { postId: 1, id: 1, name: 'id labore ex', email: 'Eliseo@gardner.biz', body: 'laudantium' },
    ],
    [
      'a Reddit comment on its parent',
      { id: 'c1', parent_id: 't3_x', link_id: 't3_x', author: 'ann', body: 'lol', score: 3, created_utc: 1 },
    ],
    ['a comment on an issue', { issue_id: 'i1', author: 'ann', body: 'fixed in 1.2', created_at: T }],
  ])('%s', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'comments', isNew: true });
  });

  test('comments on many posts share one store', () => {
    const out = stream([0, 1, 2, 3, 4, 5].map(comment));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['comments/comments']));
  });
});

describe('shapes beside them keep their domains', () => {
  test.each<[string, Rec, string]>([
    [
      'a post, which has a title',
      { post_id: 'p1', title: 'Hello', body: 'text', author: 'ann', created_at: T },
      'posts',
    ],
    ['an issue, which has a title', { issue_id: 'i1', title: 'Crash', body: 'x', author: 'ann' }, 'issues'],
    ['a like of a post', { user_id: 'u1', post_id: 'p1', created_at: T }, 'records'],
    ['a text with its author', { author: 'ann', body: 'hello' }, 'messages'],
    ['a category in a tree', { id: 1, parent_id: 0, name: 'Books' }, 'records'],
    ['a chat message', { sender: 'ann', text: 'hi', channel: 'general', sent_at: T }, 'messages'],
    ['a direct message read', { to: 'u1', text: 'hi', read: true }, 'messages'],
    [
      'a chat message in a thread',
      { thread_id: 't1', sender: 'ann', text: 'hi', parent_id: 'm0' },
      'messages',
    ],
    [
      'an email',
      { from: 'a@x.io', to: 'b@x.io', subject: 'hi', body: 'hello', channel: 'email', sent_at: T },
      'messages',
    ],
    [
      'a message of the sample data set',
      { id: 'm-1', from: 'john', channel: 'general', text: 'lunch at noon?', sent_at: T },
      'messages',
    ],
    [
      'a product review',
      { product_id: 'p1', rating: 5, title: 'Great', body: 'love it', reviewer: 'ann' },
      'reviews',
    ],
    ['a film with a title', { title: 'Heat', year: 1995, rating: 8.3 }, 'records'],
    // A read flag alone, or with no recipient or nothing said, is no notification's.
    ['a book read', { title: 'Dune', author: 'Herbert', read: true }, 'records'],
    ['a user’s reading list', { user_id: 'u1', book_id: 'b1', read: true }, 'records'],
    ['a post with a user id', { userId: 1, id: 1, title: 'sunt aut', body: 'quia et suscipit' }, 'records'],
    [
      'an email read in an inbox',
      { from: 'a@x.io', to: 'b@x.io', subject: 'hi', body: 'hello', read: true, received_at: T },
      'messages',
    ],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain });
  });
});
