/** Records of shapes several classification tests send: a user's notification and a comment on a post. */
type Rec = Record<string, unknown>;

export const T = '2026-11-28T10:00:00Z';

export const notification = (i: number): Rec => ({
  user_id: `u${i % 4}`,
  channel: ['email', 'push', 'sms'][i % 3],
  title: ['Welcome', 'New follower', 'Your order shipped'][i % 3],
  body: `notice ${i}`,
  read: i % 2 === 0,
  sent_at: T,
});

export const comment = (i: number): Rec => ({
  post_id: `p${i % 3}`,
  author: ['ann', 'bob'][i % 2],
  body: `comment ${i}`,
  created_at: T,
});
