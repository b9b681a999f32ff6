/**
 * The fifty-third probing round, against a live region with the sample data set and stores sent with
 * `?domain=`: films `{title, year, rating, genre}` (no time field), sensor readings `{station,
 * temperature, humidity, measured_at}`, tickets `{id, priority, status, assignee, created_at}`,
 * products, HTTP requests `{method, path, status, duration_ms, timestamp}` and invoices `{invoice_id,
 * customer, amount, status, issued_at, due_date}`. Wrong answers fixed:
 * - "total memroy usage" searched the logs for "usage" and counted them: a slip in a word of a field
 *   or of a value of several words (memory of memory_usage) is refused with the word offered;
 *   "avg respone time", "total ammount", "users by tema" were refused with nothing offered.
 * - "errors on the web host" read "web" as the service: a word starting values of the field named
 *   after it (web-1, web-2) is those values in the singular too; "the api host", where no host is
 *   called so, is refused offering the api service.
 * - "latest 3 orders sorted by date ascending", "last 10 orders oldest first" answered the oldest
 *   three (ten): the records a time superlative takes stay those; "first 3 ... descending" are the
 *   first three of that list, the newest. "first 5 users sorted by signup date descending" dropped
 *   "descending" (the oldest five).
 * - "most recent film" answered the film sent last, on a store whose time is its year field.
 * - "which station had the highest temperature" ranked stations by their average: what one had or
 *   recorded is its highest reading ("has the highest" and "on average" stay the average); "which
 *   station is the hottest on average" answered one average of every reading; "hottest station" and
 *   "the hottest reading" were refused.
 * - "best rated horror film" and "top comedy by rating" grouped films by rating and took the highest
 *   year; "best film" was refused; "top films" ranked them by year. "films from the 90s" was refused.
 * - "oldest unresolved ticket" and "latest refund" listed every such ticket (refund); "tickets in
 *   progress" was refused.
 * - "requests slower than 500ms" compared the status code: a measure named with its unit
 *   (duration_ms) is the store's measure.
 * - "customer with the highest total" answered the users' highest age; "messages containing a token"
 *   and "messages from nobody" every message; "EUR orders that bounced" every EUR order; "payment
 *   timeouts" every order; "top 3 error messages" the latest three errors, not the messages said
 *   most often; "top5 orders", "tot revenue", "orders b/w 100 and 200" were refused.
 * - "which day this week had the most errors" listed this week's errors: the window between the
 *   period and its ranking hid both. "rank hosts by cpu usage" was refused ("rank" as a topic).
 * - "invoices issued this month", of invoices timed by their due_date, was a window on the due date:
 *   refused, as a window is read on the time field only.
 * - "humidity per station" counted the readings ("salary by department", "price by category" too:
 *   refused now, offering the total and the average); "which category has the most stock" counted
 *   the products.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, NOW, refusalOf, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const films = storeEntry(
  't1',
  'films',
  Array.from({ length: 40 }, (_, i) => ({
    title: `Film ${i}`,
    year: 1970 + ((i * 13) % 50),
    rating: Math.round((5 + ((i * 7) % 50) / 10) * 10) / 10,
    genre: ['drama', 'comedy', 'horror', 'sci-fi'][i % 4],
  })),
);
const readings = storeEntry(
  't1',
  'readings',
  Array.from({ length: 120 }, (_, i) => ({
    station: ['north', 'south', 'east', 'west'][i % 4],
    temperature: Math.round((10 + ((i * 37) % 200) / 10) * 10) / 10,
    humidity: 30 + ((i * 11) % 60),
    measured_at: iso(NOW - i * 2 * H),
  })),
);
const tickets = storeEntry(
  't1',
  'tickets',
  Array.from({ length: 60 }, (_, i) => ({
    id: `T-${100 + i}`,
    priority: ['low', 'medium', 'high', 'urgent'][i % 4],
    status: ['open', 'closed', 'in_progress', 'resolved'][(i * 3) % 4],
    assignee: ['alice', 'bob', 'carol', 'dave'][(i * 7) % 4],
    created_at: iso(NOW - i * 9 * H),
  })),
);
/** Products named "item N" (a value of two words, the first a word of grammar), in three categories. */
const products = storeEntry(
  't1',
  'products',
  Array.from({ length: 30 }, (_, i) => ({
    name: `item ${i}`,
    price: 9 + i * 4,
    stock: i % 12,
    category: ['audio', 'desks', 'cables'][i % 3],
  })),
);
const requests = storeEntry(
  't1',
  'requests',
  Array.from({ length: 200 }, (_, i) => ({
    method: ['GET', 'GET', 'POST', 'DELETE'][i % 4],
    path: ['/api/users', '/api/orders', '/login', '/health'][(i * 3) % 4],
    status: [200, 200, 200, 404, 500, 201][i % 6],
    duration_ms: 5 + ((i * 37) % 900),
    timestamp: iso(NOW - i * 17 * 60_000),
  })),
);
const invoices = storeEntry(
  't1',
  'invoices',
  Array.from({ length: 80 }, (_, i) => ({
    invoice_id: `INV-${2000 + i}`,
    customer: ['acme', 'globex', 'initech', 'umbrella'][i % 4],
    amount: 100 + ((i * 313) % 5000),
    status: ['paid', 'open', 'overdue'][i % 3],
    issued_at: iso(NOW - i * 72 * H),
    due_date: iso(NOW - i * 72 * H + 720 * H).slice(0, 10),
  })),
);
const tenant = [...stores, films, readings, tickets, products, requests];
const read = (q: string) => interpretationOf(q, tenant);
const refused = (q: string) => refusalOf(q, tenant);

describe('a slip in a word of a field or of a value of several words is refused with the word offered', () => {
  it.each([
    ['total memroy usage', 'total memory usage'],
    ['total memroy usage today', 'total memory usage today'],
    ['average memroy usage by host', 'average memory usage by host'],
    ['respnse time by service', 'response time by service'],
    ['avg respone time', 'avg response time'],
    ['total ammount', 'total amount'],
    ['amout of orders over 500', 'amount of orders over 500'],
    ['count users by tema', 'count users by team'],
  ])('%s', (q, fixed) => {
    const e = refusalOf(q);
    expect(e.code).toBe('UNPARSEABLE_QUERY');
    expect(e.suggestions?.[0]).toBe(fixed);
  });

  it('the fixed question is answered, and a slip in a word of a value read already is let be', () => {
    expect(interpretationOf('total memory usage').filters).toEqual([
      { field: 'metric', op: '=', value: 'memory_usage' },
    ]);
    // "cpu" is cpu_usage already; "users by county" may ask for a field the data lacks.
    expect(interpretationOf('cpu usgae by host').groupBy).toBe('host');
    expect(refusalOf('users by county').message).not.toContain('did you mean');
    expect(refusalOf('total memroy usage').message).toContain('did you mean "memory"');
  });

  it('a word of asking is never offered as a value one slip from it', () => {
    const e = refused('who earns the most');
    expect(e.suggestions?.some((s) => /POST/.test(s))).toBe(false);
  });
});

describe('a word starting the values of the field named after it, in the singular', () => {
  it.each([
    ['errors on the web host', 'logs', 'web-'],
    ['errors on the db host', 'logs', 'db-'],
    ['errors on the worker host', 'logs', 'worker-'],
    ['logs on the web server', 'logs', 'web-'],
    ['count errors on the web host today', 'logs', 'web-'],
    ['average cpu on the db host', 'metrics', 'db-'],
    ['cpu on the web host', 'metrics', 'web-'],
  ])('%s', (q, domain, start) => {
    const i = interpretationOf(q);
    expect(i.domain).toBe(domain);
    expect(i.filters).toContainEqual({ field: 'host', op: 'startswith', value: start });
    expect(i.filters.some((f) => f.field === 'service')).toBe(false);
  });

  it('a host no value starts with is refused, the field that holds the word offered', () => {
    const e = refusalOf('errors on the api host');
    expect(e.message).toContain('No host of logs is called "api"');
    expect(e.suggestions?.[0]).toBe('errors on the api service');
    // The full name of a part is still its short name ("the database server" is the db service).
    expect(interpretationOf('warnings on the database server this week').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'db',
    });
  });
});

describe('the records a time superlative takes stay those, whatever order is said besides', () => {
  const created = (dir: 'asc' | 'desc') => [{ field: 'created_at', dir }];
  it.each([
    ['last 3 orders sorted by date ascending', 'desc', 3],
    ['latest 3 orders sorted by date ascending', 'desc', 3],
    ['newest 3 orders sorted by date ascending', 'desc', 3],
    ['the 3 most recent orders sorted by date ascending', 'desc', 3],
    ['3 latest orders by date ascending', 'desc', 3],
    ['latest 3 orders in ascending order', 'desc', 3],
    ['oldest 3 orders sorted by date descending', 'asc', 3],
    ['earliest 3 orders sorted by date descending', 'asc', 3],
    ['last 10 orders oldest first', 'desc', 10],
    ['latest 10 orders oldest first', 'desc', 10],
    ['oldest 3 orders newest first', 'asc', 3],
  ] as const)('%s', (q, dir, limit) => {
    const i = interpretationOf(q);
    expect(i.sort).toEqual(created(dir));
    expect(i.limit).toBe(limit);
  });

  it('"first" is a place in the list sorted as said', () => {
    expect(interpretationOf('first 3 orders sorted by date descending').sort).toEqual(created('desc'));
    expect(interpretationOf('first 3 orders sorted by date').sort).toEqual(created('asc'));
    expect(interpretationOf('last 3 orders sorted by date ascending').sort).toEqual(created('desc'));
  });

  it.each([
    ['first 5 users sorted by signup date descending', 'signed_up_at', 'desc', 5],
    ['first 5 orders sorted by creation date descending', 'created_at', 'desc', 5],
    ['users sorted by signup date ascending', 'signed_up_at', 'asc', null],
  ] as const)('the time field named before its date: %s', (q, field, dir, limit) => {
    const i = interpretationOf(q);
    expect(i.sort).toEqual([{ field, dir }]);
    expect(i.limit).toBe(limit);
  });
});

describe('a singular value after a time superlative is one record, "the" said or not', () => {
  it.each([
    ['latest refund', 'orders', 'desc'],
    ['latest cpu usage on web-1', 'metrics', 'desc'],
    ['most recent revenue', 'metrics', 'desc'],
  ] as const)('%s', (q, domain, dir) => {
    const i = interpretationOf(q);
    expect(i.domain).toBe(domain);
    expect(i.sort[0]?.dir).toBe(dir);
    expect(i.limit).toBe(1);
    expect(read('oldest comedy')).toMatchObject({ sort: [{ field: 'year', dir: 'asc' }], limit: 1 });
    // In the plural, every one of them.
    expect(interpretationOf('latest refunds').limit).toBeNull();
  });
});

describe('a store whose time is a year field ranks by it', () => {
  it.each([
    ['most recent film', 'desc', 1],
    ['the newest film', 'desc', 1],
    ['oldest film', 'asc', 1],
    ['latest 3 films', 'desc', 3],
    ['latest films', 'desc', null],
  ] as const)('%s', (q, dir, limit) => {
    const i = read(q);
    expect(i.sort).toEqual([{ field: 'year', dir }]);
    expect(i.limit).toBe(limit);
  });

  it.each([
    ['films from the 90s', [1990, 2000]],
    ['films from the 1990s', [1990, 2000]],
    ['horror films of the 70s', [1970, 1980]],
  ] as const)('a decade: %s', (q, [from, to]) => {
    const i = read(q);
    expect(i.filters).toContainEqual({ field: 'year', op: '>=', value: from });
    expect(i.filters).toContainEqual({ field: 'year', op: '<', value: to });
    expect(i.time).toBeNull();
  });

  it('a decade of a store with a time field is a window, and "the 20s" is the one begun', () => {
    expect(interpretationOf('orders in the 2020s').time).toEqual({
      field: 'created_at',
      from: '2020-01-01T00:00:00.000Z',
      to: '2030-01-01T00:00:00.000Z',
    });
    expect(read('films before the 80s').filters).toEqual([{ field: 'year', op: '<', value: 1980 }]);
    expect(read('films from the 20s').filters).toContainEqual({ field: 'year', op: '>=', value: 2020 });
  });
});

describe('best and worst rank by the rating of the store named', () => {
  it.each([
    ['best film', [], 'desc', 1],
    ['worst film', [], 'asc', 1],
    ['best horror film', [{ field: 'genre', op: '=', value: 'horror' }], 'desc', 1],
    ['best rated horror film', [{ field: 'genre', op: '=', value: 'horror' }], 'desc', 1],
    ['the 3 worst drama films', [{ field: 'genre', op: '=', value: 'drama' }], 'asc', 3],
    ['top comedy by rating', [{ field: 'genre', op: '=', value: 'comedy' }], 'desc', 1],
    ['highest rated comedy', [{ field: 'genre', op: '=', value: 'comedy' }], 'desc', 1],
  ] as const)('%s', (q, filters, dir, limit) => {
    const i = read(q);
    expect(i.filters).toEqual(filters);
    expect(i.sort).toEqual([{ field: 'rating', dir }]);
    expect(i.limit).toBe(limit);
    expect(i.aggregate).toBeNull();
  });

  it('the rating is the measure of films, not their year', () => {
    expect(read('top 3 films from the 80s').sort).toEqual([{ field: 'rating', dir: 'desc' }]);
    expect(read('top films')).toMatchObject({ sort: [{ field: 'rating', dir: 'desc' }], limit: 10 });
  });

  it('a count before "bottom" is how many', () => {
    expect(interpretationOf('5 bottom orders by amount')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 5,
    });
  });
});

describe('the highest reading one of them had, and words of warmth', () => {
  it.each([
    ['which station had the highest temperature', 'max', 'temperature'],
    ['which station recorded the highest temperature today', 'max', 'temperature'],
    ['which station had the highest humidity yesterday', 'max', 'humidity'],
    ['which station had the highest temperature on average', 'avg', 'temperature'],
    ['which station is the hottest on average', 'avg', 'temperature'],
    ['which station is the hottest', 'avg', 'temperature'],
    ['hottest station', 'avg', 'temperature'],
  ] as const)('%s', (q, fn, field) => {
    const i = read(q);
    expect(i.groupBy).toBe('station');
    expect(i.aggregate).toEqual({ fn, field });
    expect(i.limit).toBe(1);
    // What one has now stays its average.
    expect(read('which station has the highest temperature').aggregate?.fn).toBe('avg');
  });

  it('the hottest reading is the one record with the highest temperature', () => {
    expect(read('the hottest reading today')).toMatchObject({
      sort: [{ field: 'temperature', dir: 'desc' }],
      limit: 1,
      aggregate: null,
    });
  });

  it.each([
    ['readings hotter than 25', '>', 25],
    ['readings colder than 12 today', '<', 12],
  ] as const)('%s', (q, op, value) => {
    expect(read(q).filters).toEqual([{ field: 'temperature', op, value }]);
  });

  // Round 56: each station's average is taken only of its own readings, so the lowest of them
  // ranks the stations from the smallest (refused before, as counts and totals still are).
  it('the coldest station on average is the station of the lowest average temperature', () => {
    expect(read('coldest station on average')).toMatchObject({
      groupBy: 'station',
      aggregate: { fn: 'avg', field: 'temperature' },
      sort: [{ field: 'value', dir: 'asc' }],
      limit: 1,
    });
  });
});

describe('values of tickets and requests', () => {
  it.each(['tickets in progress', 'in progress tickets', 'count in progress tickets'])('%s', (q) => {
    expect(read(q).filters).toEqual([{ field: 'status', op: '=', value: 'in_progress' }]);
  });

  it.each([
    ['oldest unresolved ticket', { field: 'status', op: '!=', value: 'resolved' }, 'asc'],
    ['latest non-urgent ticket', { field: 'priority', op: '!=', value: 'urgent' }, 'desc'],
  ] as const)('%s is one ticket', (q, filter, dir) => {
    const i = read(q);
    expect(i.filters).toEqual([filter]);
    expect(i.sort).toEqual([{ field: 'created_at', dir }]);
    expect(i.limit).toBe(1);
  });

  it('a value of several words starting with a word of grammar', () => {
    expect(read('price of item 4').filters).toEqual([{ field: 'name', op: '=', value: 'item 4' }]);
  });

  it.each([
    ['requests slower than 500ms', { field: 'duration_ms', op: '>', value: 500 }],
    ['requests faster than 20ms', { field: 'duration_ms', op: '<', value: 20 }],
  ])('a measure named with its unit: %s', (q, filter) => {
    expect(read(q).filters).toEqual([filter]);
    expect(read('slowest request').sort).toEqual([{ field: 'duration_ms', dir: 'desc' }]);
  });
});

describe('a command to rank the values of a field', () => {
  it.each([
    ['rank hosts by cpu usage', 'cpu_usage', 'desc'],
    ['sort hosts by memory usage', 'memory_usage', 'desc'],
    ['rank the hosts by memory usage ascending', 'memory_usage', 'asc'],
  ] as const)('%s', (q, metric, dir) => {
    const i = interpretationOf(q);
    expect(i).toMatchObject({ groupBy: 'host', aggregate: { fn: 'avg', field: 'value' } });
    expect(i.filters).toEqual([{ field: 'metric', op: '=', value: metric }]);
    expect(i.sort[0]?.dir).toBe(dir);
    // Records sorted by a field stay records.
    expect(interpretationOf('sort users by team').sort).toEqual([{ field: 'team', dir: 'asc' }]);
  });
});

describe('the period ranked, with the window said between', () => {
  it.each([
    ['which day this week had the most errors', 'logs', 'day', 'desc'],
    ['which hour today had the most errors', 'logs', 'hour', 'desc'],
    ['what day last week had the most orders', 'orders', 'day', 'desc'],
    ['which week this month had the most orders', 'orders', 'week', 'desc'],
  ] as const)('%s', (q, domain, unit, dir) => {
    const i = interpretationOf(q);
    expect(i.domain).toBe(domain);
    expect(i.bucket?.unit).toBe(unit);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.sort[0]?.dir).toBe(dir);
    expect(i.limit).toBe(1);
    expect(i.time).not.toBeNull();
  });
});

describe('a window said of another date field than the time field', () => {
  it.each(['invoices issued this month', 'overdue invoices issued since monday'])('%s', (q) => {
    expect(invoices.timeField).toBe('due_date');
    expect(refusalOf(q, [invoices]).message).toContain(
      'a window on their issued_at ("issued") cannot be asked',
    );
    // Said of the time field itself, it is read.
    expect(interpretationOf('invoices due this week', [invoices]).time?.field).toBe('due_date');
  });
});

describe('a number field named with its groups, and the most of it', () => {
  it.each([
    ['humidity per station', 'avg', 'humidity', 'station'],
    ['which category has the most stock', 'sum', 'stock', 'category'],
    ['which station has the most humidity', 'avg', 'humidity', 'station'],
  ] as const)('%s', (q, fn, field, group) => {
    const i = read(q);
    expect(i.aggregate).toEqual({ fn, field });
    expect(i.groupBy).toBe(group);
  });

  it.each([
    ['price by category', 'total price by category'],
    ['stock per category', 'total stock per category'],
    ['value by host', 'total value by host'],
  ])('neither a total nor a level by its name: %s', (q, fixed) => {
    const e = refused(q);
    expect(e.message).toMatch(/^Say which \w+ per \w+ is asked/);
    expect(e.suggestions?.slice(0, 2)).toEqual([fixed, fixed.replace('total', 'average')]);
  });

  it('a status code is no measure: requests per status are counted', () => {
    expect(read('requests per status')).toMatchObject({ groupBy: 'status', aggregate: { fn: 'count' } });
  });
});

describe('words passed over that answered every record', () => {
  it.each([
    ['EUR orders that bounced', 'bounced'],
    ['refunded orders that bounced', 'bounced'],
    ['users in germany who churned', 'churned'],
  ])('a clause after the records, with nothing read after its verb: %s', (q, word) => {
    expect(refused(q).message).toContain(`tells which are "${word}"`);
    // Of requests alone ("failed" is no log level of theirs).
    expect(refusalOf('GET requests that failed', [requests]).message).toContain('tells which are "failed"');
    expect(refusalOf('requests to /login that failed', [requests]).code).toBe('UNPARSEABLE_QUERY');
    // A clause that goes on to say a value or a time is read by them.
    expect(interpretationOf('users who belong to the sales team').filters).toEqual([
      { field: 'team', op: '=', value: 'sales' },
    ]);
  });

  it('a total after a superlative with nothing added up named', () => {
    for (const q of ['customer with the highest total', 'customers with the highest totals']) {
      const e = refusalOf(q);
      expect(e.message).toContain('names nothing added up');
    }
    expect(refusalOf('customer with the highest total').suggestions?.[0]).toBe(
      'customer with the highest total amount',
    );
    expect(interpretationOf('customer with the highest total amount').groupBy).toBe('customer');
  });

  it.each(['messages containing a token', 'messages including a token', 'logs containing a host'])(
    '%s',
    (q) => {
      expect(refusalOf(q).message).toContain('Records holding a field');
      // With no article it is a search of the text.
      expect(interpretationOf('messages containing token').text).toBe('token');
    },
  );

  it.each(['messages from nobody', 'orders by nobody', 'tickets assigned to no one'])(
    'records by no one lack the field: %s',
    (q) => {
      expect(refused(q).message).toContain('Records lacking a field');
      // By anybody at all is no condition.
      expect(interpretationOf('messages from anyone').filters).toEqual([]);
    },
  );

  it.each(['payment timeouts', 'how many payment timeouts this week'])(
    "the last word after a store's own word, said in another store's text only: %s",
    (q) => {
      expect(refusalOf(q).message).toMatch(
        /^"timeouts" is said in (logs|messages): a question reads one kind/,
      );
      // Words of the records themselves stay read as before.
      expect(interpretationOf('order dates').domain).toBe('orders');
      expect(interpretationOf('services with error counts').groupBy).toBe('service');
    },
  );

  it.each([
    ['top error messages today', [{ field: 'level', op: '=', value: 'error' }], 10],
    ['top 3 error messages', [{ field: 'level', op: '=', value: 'error' }], 3],
    ['the top 3 warning messages this week', [{ field: 'level', op: '=', value: 'warn' }], 3],
    ['top log messages', [], 10],
  ] as const)('the texts said most often: %s', (q, filters, limit) => {
    const i = interpretationOf(q);
    expect(i).toMatchObject({ domain: 'logs', groupBy: 'message', aggregate: { fn: 'count' }, limit });
    expect(i.filters).toEqual(filters);
  });

  it.each([
    ['top5 orders', { sort: [{ field: 'amount', dir: 'desc' }], limit: 5 }],
    ['last10 errors', { sort: [{ field: 'timestamp', dir: 'desc' }], limit: 10 }],
    ['tot revenue', { aggregate: { fn: 'sum', field: 'value' } }],
    [
      'orders b/w 100 and 200',
      {
        filters: [
          { field: 'amount', op: '>=', value: 100 },
          { field: 'amount', op: '<=', value: 200 },
        ],
      },
    ],
  ])('shorthand: %s', (q, shape) => {
    expect(interpretationOf(q)).toMatchObject(shape);
  });
});
