// @smartdb/edge — the runtime-neutral edge. Runtime entries (node.ts, deno.ts, worker.ts) are not
// re-exported here so that importing the edge never pulls a runtime module.
export type { Edge, EdgeDeps } from './app.ts';
export { createEdgeApp } from './app.ts';
export type { EdgeSettings, EdgeSettingsInput, RegionConfig } from './config.ts';
export {
  EDGE_ENV_KEYS,
  edgeSettings,
  edgeSettingsFromEnv,
  edgeSettingsSchema,
  parseRegionList,
} from './config.ts';
export { EdgeError } from './errors.ts';
export type { RegionSnapshot } from './region-health.ts';
export type { Upstream, UpstreamRequest, UpstreamResponse } from './upstream.ts';
export { fetchUpstream, UpstreamError } from './upstream.ts';
