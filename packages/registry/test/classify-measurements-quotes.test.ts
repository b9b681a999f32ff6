/**
 * Measurements of places and devices over time, and prices of traded instruments, classified one by
 * one as the first records of a tenant. Weather observations (`{station, temperature, humidity,
 * pressure, wind_speed, observed_at}`, `{location, temp_c, humidity, time}`) and IoT sensor readings
 * started a store called `records`; they are metrics, the store the query engine's words for them
 * ("readings", "measurements", "telemetry") already name. Stock ticks and quotes (`{symbol, price,
 * volume, timestamp}`, `{ticker, bid, ask, ts}`) started `records` too; they start `quotes`, not
 * metrics: they are prices of instruments asked about by symbol and by price ("AAPL's highest close",
 * "the spread of MSFT"), not readings of a host or a place, and a tenant sending both keeps them
 * apart by name. The weak shapes beside them keep their domains.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

const T = '2026-11-28T10:00:00Z';
const SECONDS = 1_764_324_000;

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

const observation = (i: number): Rec => ({
  station: ['KSFO', 'KJFK'][i % 2],
  temperature: 10 + i,
  humidity: 60 + i,
  pressure: 1013 - i,
  wind_speed: 3 + i / 10,
  observed_at: T,
});

const tick = (i: number): Rec => ({
  symbol: ['AAPL', 'MSFT', 'NVDA'][i % 3],
  price: 100 + i,
  volume: 1000 * i,
  timestamp: SECONDS + i,
});

describe('measurements over time start a metrics store', () => {
  test.each<[string, Rec]>([
    ['a weather station’s observation', observation(1)],
    ['a temperature in Celsius at a place', { location: 'Berlin', temp_c: 3.5, humidity: 70, time: T }],
    [
      'a temperature in Fahrenheit, humidity in percent and wind in mph',
      { city: 'NYC', temperatureF: 41, humidityPct: 60, windSpeedMph: 5, recordedAt: T },
    ],
    [
      'OpenWeather’s current weather',
      {
        coord: { lon: 13.4, lat: 52.5 },
        weather: [{ id: 800, main: 'Clear' }],
        base: 'stations',
        main: { temp: 280.1, humidity: 70 },
        visibility: 10_000,
        wind: { speed: 3.1, deg: 200 },
        clouds: { all: 0 },
        dt: SECONDS,
        name: 'Berlin',
      },
    ],
    [
      'Open-Meteo’s quantities at a height',
      { latitude: 52.5, longitude: 13.4, temperature_2m: 3.1, relative_humidity_2m: 80, time: T },
    ],
    ['an IoT sensor’s reading', { device_id: 'd1', temperature: 21.5, battery: 90, rssi: -70, ts: SECONDS }],
    ['an air quality station', { station_id: 's1', pm25: 8, pm10: 12, no2: 20, measured_at: T }],
    ['an energy meter', { meter_id: 'm1', energy_kwh: 12.5, voltage: 230, power_w: 1200, reading_at: T }],
  ])('%s', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'metrics', isNew: true });
  });

  test('a station’s observations share one metrics store', () => {
    const out = stream([0, 1, 2, 3, 4, 5].map(observation));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['metrics/metrics']));
  });
});

describe('prices of traded instruments start a quotes store', () => {
  test.each<[string, Rec]>([
    ['a stock tick', tick(1)],
    ['a quote', { ticker: 'MSFT', bid: 410.1, ask: 410.2, ts: SECONDS }],
    ['an exchange rate', { symbol: 'EURUSD', price: 1.0842, time: T }],
    [
      'an OHLC bar',
      { symbol: 'AAPL', open: 189, high: 191, low: 188.5, close: 190.2, volume: 52_000_000, timestamp: T },
    ],
    [
      'a crypto exchange’s ticker',
      { symbol: 'BTCUSDT', lastPrice: '65000', bidPrice: '64999', askPrice: '65001', volume: '1000' },
    ],
  ])('%s', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'quotes', isNew: true });
  });

  test('ticks of many symbols share one quotes store, apart from a metrics store', () => {
    const stores: StoreEntry[] = [];
    stream([0, 1, 2].map(observation), stores);
    const out = stream([0, 1, 2, 3, 4, 5].map(tick), stores);
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['quotes/quotes']));
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([
      ['metrics', 3],
      ['quotes', 6],
    ]);
  });
});

describe('shapes beside them keep their domains', () => {
  test.each<[string, Rec, string]>([
    ['a film with a rating', { title: 'Heat', year: 1995, rating: 8.3 }, 'records'],
    ['a repository with stars', { name: 'smartdb', stars: 120, forks: 4, language: 'TypeScript' }, 'records'],
    ['a currency with its symbol', { code: 'EUR', symbol: '€', name: 'Euro' }, 'records'],
    ['a dish with a price', { name: 'Pizza', price: 10 }, 'records'],
    ['a book in volumes', { title: 'Dune', author: 'Herbert', volume: 1 }, 'records'],
    ['a priced volume of a series', { title: 'Dune', volume: 2, price: 12 }, 'records'],
    // A quantity of a symbol is an order's or a holding's, not a quote's.
    [
      'a stock order',
      { symbol: 'AAPL', side: 'buy', quantity: 10, price: 189.5, status: 'filled' },
      'orders',
    ],
    ['a holding', { symbol: 'AAPL', quantity: 10, price: 189.5 }, 'orders'],
    ['a forecast’s high and low', { date: '2026-11-28', high: 12, low: 3, condition: 'rain' }, 'records'],
    ['an item sold at a price', { item: 'Mouse', price: 10, quantity: 2 }, 'orders'],
    ['a product with a price', { sku: 'A1', product_name: 'Mouse', price: 10 }, 'products'],
    [
      'a trade of an order',
      { order_id: 'o1', symbol: 'AAPL', side: 'buy', quantity: 10, price: 189.5 },
      'orders',
    ],
    ['a thermostat in a catalogue', { model: 'T1', max_temperature: 30, price: 99 }, 'records'],
    // Integration tests (store-creation, region-concurrency) ingest this shape as one of no domain.
    ['a sensor’s numbered reading', { sensor: 's-1', seq: 1, reading: 1.5, at: T }, 'records'],
    [
      'a metric of the sample data set',
      { id: 's-1', metric: 'cpu_usage', value: 5, host: 'web-1', service: 'api', recorded_at: T, unit: '%' },
      'metrics',
    ],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain });
  });
});
