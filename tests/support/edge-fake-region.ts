// A stand-in region process for edge end-to-end tests until every scenario can use real regions:
// serves /ready, /health and an echo of /v1/* (who answered, a per-process counter, the caller's
// Authorization). FAKE_REGION_MODE=flap makes /ready fail every other probe; FAKE_REGION_BODY_BYTES
// pads echo bodies (benchmarks). It doubles as the bare Hono JSON handler baseline. Loopback only.
// Run: PORT=0 REGION=east node --import tsx tests/support/edge-fake-region.ts  (prints `listening <port>`)
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const region = process.env.REGION ?? 'fake';
const mode = process.env.FAKE_REGION_MODE ?? 'ok';
/** Pads echo bodies to about this size, so benchmarks compare like with like . */
const pad = 'x'.repeat(Math.max(0, Number(process.env.FAKE_REGION_BODY_BYTES ?? 0) - 120));
let served = 0;
let probes = 0;

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok', region }));
app.get('/ready', (c) => {
  probes++;
  if (mode === 'flap' && probes % 2 === 0) return c.json({ status: 'not ready', region }, 503);
  return c.json({ status: 'ready', region });
});
app.all('/v1/*', async (c) => {
  served++;
  const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? null : await c.req.text();
  return c.json(
    {
      region,
      n: served,
      method: c.req.method,
      path: c.req.path,
      auth: c.req.header('authorization') ?? null,
      body,
      ...(pad === '' ? {} : { pad }),
    },
    c.req.method === 'POST' ? 201 : 200,
  );
});

const port = Number(process.env.PORT ?? 0);
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
