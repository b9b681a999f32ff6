/**
 * The fifty-sixth round: wrong answers found beside the sample data set, with employees
 * `{employee_id, name, department, salary, hired_on, remote, city}`, events `{event, path, user_id,
 * browser, duration_ms, ts}`, films `{title, year, rating, genre}`, sensor readings `{sensor_id,
 * location, temperature_c, humidity, battery, reading_time}` and products `{sku, name, price, stock,
 * category}`.
 * - "who paid the most" listed the paid orders: paying is spending, the customers ranked by it.
 * - "how many remote workers" counted the logs of the `worker` service: workers are employees.
 * - "what browsers do users use" listed every user: the browsers are the events'.
 * - "most senior engineer" ranked the engineering users by signup: an engineer of the store of
 *   those hired is one of its engineering department.
 * - "low level logs" searched the logs for "low": a word of size before a field is no text.
 * - "highest rated comedy", "top comedy by rating" answered ten comedies: a singular value is one.
 * - "which sensor has the lowest battery", "coldest sensor" were refused as groups ranked from the
 *   smallest: by an average (or a minimum) they are ranked so; counts and totals stay refused.
 * - "hottest sensor" was refused: `temperature_c` said by its name was read as no level.
 * - "cheapest furniture", "whos the highest paid" and "sensors reporting below 20 battery" were
 *   refused; "who is the highest paid" answered the largest paid order.
 */
import { describe, expect, it } from 'vitest';
import { ago, employees, events, products } from './support/more-stores.ts';
import { interpretationOf, refusalOf, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const films = storeEntry(
  't1',
  'films',
  Array.from({ length: 30 }, (_, i) => ({
    title: `film ${i}`,
    year: 1990 + i,
    rating: (i * 7) % 10,
    genre: ['comedy', 'drama', 'horror'][i % 3],
  })),
);
const readings = storeEntry(
  't1',
  'readings',
  Array.from({ length: 40 }, (_, i) => ({
    sensor_id: `S${i % 5}`,
    location: ['roof', 'basement'][i % 2],
    temperature_c: 10 + ((i * 3) % 25),
    humidity: 30 + i,
    battery: 100 - i * 2,
    reading_time: ago(i),
  })),
);
const all = [...stores, employees, events, films, readings, products];
const read = (q: string) => interpretationOf(q, all);

describe('paying the most is spending the most', () => {
  it.each([[stores], [all]])('who paid the most ranks the customers by their total', (against) => {
    expect(interpretationOf('who paid the most', against)).toMatchObject({
      mcps: ['orders'],
      filters: [],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 1,
    });
  });

  it('being paid stays the pay; the paid orders stay the paid orders', () => {
    expect(read('who is paid the most')).toMatchObject({ mcps: ['employees'], sort: [{ field: 'salary' }] });
    expect(interpretationOf('paid orders').filters).toEqual([{ field: 'status', op: '=', value: 'paid' }]);
  });
});

describe('workers are employees', () => {
  it.each([
    ['how many remote workers', 'count'],
    ['remote workers', 'find'],
    ['how many remote staff', 'count'],
  ] as const)('%s', (q, intent) => {
    expect(read(q)).toMatchObject({
      mcps: ['employees'],
      intent,
      filters: [{ field: 'remote', op: '=', value: true }],
    });
  });

  it('without employees, a worker is still the service', () => {
    expect(interpretationOf('how many workers').filters).toEqual([
      { field: 'service', op: '=', value: 'worker' },
    ]);
  });
});

describe('what people use, held by another store, is its values', () => {
  it.each(['what browsers do users use', 'which browsers do the users use'])('%s', (q) => {
    expect(read(q)).toMatchObject({
      mcps: ['events'],
      groupBy: 'browser',
      aggregate: { fn: 'count', field: null },
    });
  });

  it("what the people's own store holds stays theirs", () => {
    expect(read('what plans do users have')).toMatchObject({ mcps: ['users'], groupBy: 'plan' });
    expect(read('what countries do users come from')).toMatchObject({ mcps: ['users'], groupBy: 'country' });
  });
});

describe('seniority of a value of the store of those hired', () => {
  it.each([
    ['most senior engineer', 'asc', 1],
    ['longest serving engineer', 'asc', 1],
    ['most junior engineer', 'desc', 1],
    ['most senior engineers', 'asc', null],
  ] as const)('%s', (q, dir, limit) => {
    expect(read(q)).toMatchObject({
      mcps: ['employees'],
      filters: [{ field: 'department', op: '=', value: 'engineering' }],
      sort: [{ field: 'hired_on', dir }],
      limit,
    });
  });

  it('as before: the most senior employee', () => {
    expect(read('most senior employee')).toMatchObject({
      filters: [],
      sort: [{ field: 'hired_on', dir: 'asc' }],
    });
  });
});

describe('a word of size before a field is not text', () => {
  it.each(['low level logs', 'low severity logs', 'logs with low level'])(
    '%s is refused, not searched',
    (q) => {
      expect(refusalOf(q).status).toBe(422);
    },
  );

  it('said as text, it is still searched for', () => {
    expect(interpretationOf('logs mentioning low').text).toBe('low');
  });
});

describe('a singular value ranked is one record', () => {
  it.each([
    ['highest rated comedy', 1],
    ['top comedy by rating', 1],
    ['highest rated comedies', 10],
    ['top 3 comedy by rating', 3],
  ] as const)('%s', (q, limit) => {
    expect(read(q)).toMatchObject({
      mcps: ['films'],
      filters: [{ field: 'genre', op: '=', value: 'comedy' }],
      sort: [{ field: 'rating', dir: 'desc' }],
      limit,
    });
  });
});

describe('groups ranked from the smallest by an average or a minimum', () => {
  it.each([
    ['which sensor has the lowest battery', 'sensor_id', 'avg', 'battery', 1],
    ['which 2 sensors have the lowest battery', 'sensor_id', 'avg', 'battery', 2],
    ['which sensor had the lowest battery', 'sensor_id', 'min', 'battery', 1],
    ['which sensor has the lowest average battery', 'sensor_id', 'avg', 'battery', 1],
    ['location with the lowest humidity', 'location', 'avg', 'humidity', 1],
    ['coldest sensor', 'sensor_id', 'avg', 'temperature_c', 1],
  ] as const)('%s', (q, groupBy, fn, field, limit) => {
    expect(read(q)).toMatchObject({
      mcps: ['readings'],
      groupBy,
      aggregate: { fn, field },
      sort: [{ field: 'value', dir: 'asc' }],
      limit,
    });
  });

  it.each(['which sensor has the fewest readings', 'which sensor has the lowest total battery'])(
    'by a count or a total, %s is still refused',
    (q) => {
      expect(refusalOf(q, all).message).toContain('ranked from the largest');
    },
  );
});

describe('refused but answerable', () => {
  it('hottest sensor', () => {
    expect(read('hottest sensor')).toMatchObject({
      groupBy: 'sensor_id',
      aggregate: { fn: 'avg', field: 'temperature_c' },
      limit: 1,
    });
  });

  it.each([
    ['cheapest furniture', 'asc'],
    ['most expensive furniture', 'desc'],
  ] as const)('%s', (q, dir) => {
    expect(read(q)).toMatchObject({
      mcps: ['products'],
      filters: [{ field: 'category', op: '=', value: 'furniture' }],
      sort: [{ field: 'price', dir }],
      limit: 1,
    });
  });

  it.each([
    ['whos the highest paid', 'desc'],
    ['who is the highest paid', 'desc'],
    ['who is the lowest paid', 'asc'],
  ] as const)('%s', (q, dir) => {
    expect(read(q)).toMatchObject({
      mcps: ['employees'],
      filters: [],
      sort: [{ field: 'salary', dir }],
      limit: 1,
    });
  });

  it('where nothing holds pay, the highest paid is refused, not the largest paid order', () => {
    expect(refusalOf('who is the highest paid').message).toContain('No field holds what anyone is paid');
  });

  it.each(['sensors reporting below 20 battery', 'sensors reporting battery below 20'])('%s', (q) => {
    expect(read(q)).toMatchObject({
      mcps: ['readings'],
      filters: [{ field: 'battery', op: '<', value: 20 }],
      groupBy: 'sensor_id',
    });
  });

  it('as before: the lowest cpu usage is a value, the biggest refund one order', () => {
    expect(interpretationOf('lowest cpu usage').aggregate).toEqual({ fn: 'min', field: 'value' });
    expect(interpretationOf('biggest refund')).toMatchObject({ limit: 1, aggregate: null });
  });
});
