/**
 * Stores beside the sample data set that several rounds ask about, learned at the unit tests' fixed
 * moment (support/questions.ts): employees with a hire date, a salary and a remote flag; products
 * with a price, a stock count, a category and a rating; support tickets with an assignee and the
 * minutes to their first response; issues with labels, an author and a count of comments; page
 * events with a browser and a duration in ms; HTTP requests with a status code and a response time in
 * ms.
 */
import { NOW } from './questions.ts';
import { storeEntry } from './stores.ts';

/** An ISO instant `hours` before NOW. */
export const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

export const employees = storeEntry(
  't1',
  'employees',
  Array.from({ length: 30 }, (_, i) => ({
    employee_id: `E${i}`,
    name: `emp ${i}`,
    department: ['engineering', 'sales', 'support'][i % 3],
    salary: 40_000 + i * 2_000,
    hired_on: ago(i * 400).slice(0, 10),
    remote: i % 3 === 0,
    city: ['berlin', 'paris'][i % 2],
  })),
);

export const products = storeEntry(
  't1',
  'products',
  Array.from({ length: 30 }, (_, i) => ({
    sku: `SKU-${i}`,
    name: `item ${i}`,
    price: 10 + i * 13,
    stock: i % 7,
    category: ['peripherals', 'furniture'][i % 2],
    rating: 3 + ((i * 13) % 20) / 10,
  })),
);

export const tickets = storeEntry(
  't1',
  'tickets',
  Array.from({ length: 40 }, (_, i) => ({
    ticket_id: `T-${1000 + i}`,
    priority: ['low', 'medium', 'high', 'urgent'][i % 4],
    status: ['open', 'pending', 'solved', 'closed'][(i * 7) % 4],
    assignee: ['ana', 'ben', 'cho', 'dev'][(i * 3) % 4],
    created_at: ago(i * 3),
    first_response_minutes: (i * 37) % 240,
  })),
);

export const issues = storeEntry(
  't1',
  'issues',
  Array.from({ length: 30 }, (_, i) => ({
    number: i + 1,
    title: ['crash on start', 'typo in docs'][i % 2],
    state: i % 3 === 0 ? 'closed' : 'open',
    labels: [['bug'], ['docs', 'good first issue'], []][i % 3],
    author: ['octocat', 'hubot', 'mona'][i % 3],
    comments: (i * 5) % 17,
    created_at: ago(i),
    repo: ['core', 'web'][i % 2],
  })),
);

export const events = storeEntry(
  't1',
  'events',
  Array.from({ length: 40 }, (_, i) => ({
    event: ['click', 'view', 'signup'][i % 3],
    path: ['/home', '/pricing', '/docs'][i % 3],
    user_id: `u${i % 7}`,
    browser: ['chrome', 'firefox', 'safari'][i % 3],
    duration_ms: 100 + i * 10,
    ts: ago(i),
  })),
);

export const requests = storeEntry(
  't1',
  'requests',
  Array.from({ length: 40 }, (_, i) => ({
    method: ['GET', 'POST', 'DELETE'][i % 3],
    path: ['/api/users', '/login', '/health'][i % 3],
    status_code: [200, 404, 500, 201][i % 4],
    response_time_ms: 5 + ((i * 97) % 2000),
    bytes_sent: 200 + ((i * 331) % 50_000),
    requested_at: ago(i),
  })),
);
