// Builds an edge around FakeRegions with a controllable clock, for unit tests on any runtime.
import { createEdgeApp, type Edge } from '../../src/app.ts';
import { type EdgeSettingsInput, edgeSettings } from '../../src/config.ts';
import { FakeRegions } from './fake-upstream.ts';

export const EAST = 'http://east.test';
export const WEST = 'http://west.test';

export interface EdgeFixture {
  edge: Edge;
  regions: FakeRegions;
  clock: { now: number };
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Response>;
}

export function edgeFixture(overrides: Partial<EdgeSettingsInput> = {}, random = () => 0.5): EdgeFixture {
  const regions = new FakeRegions();
  const clock = { now: 1_000_000 };
  const settings = edgeSettings({
    SMARTDB_REGIONS: `east=${EAST},west=${WEST}`,
    SMARTDB_EDGE_SLOW_START_MS: 0,
    ...overrides,
  });
  const edge = createEdgeApp({ settings, upstream: regions.upstream, now: () => clock.now, random });
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    Promise.resolve(
      edge.app.request(`http://edge.test${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      }),
    );
  return { edge, regions, clock, get: (path, headers) => send('GET', path, headers), send };
}
