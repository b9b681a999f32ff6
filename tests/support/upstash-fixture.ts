// A local stand-in for Upstash's REST API, forwarding to the real Redis on loopback. It speaks the
// documented protocol: POST / with a command array → {result}; POST /pipeline and /multi-exec with
// an array of commands → [{result}|{error}]; Bearer token required; `Upstash-Encoding: base64`
// honoured. It is a test fixture: it must never listen on anything but 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

export interface UpstashFixture {
  url: string;
  token: string;
  /** Number of REST requests served, to prove a client really went through the fixture. */
  requests: () => number;
  close(): Promise<void>;
}

type Reply = string | number | null | Reply[];

function encodeReply(value: Reply, base64: boolean): Reply {
  if (Array.isArray(value)) return value.map((v) => encodeReply(v, base64));
  if (typeof value === 'string' && base64 && value !== 'OK')
    return Buffer.from(value, 'utf8').toString('base64');
  return value;
}

function isCommand(value: unknown): value is (string | number)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((part) => typeof part === 'string' || typeof part === 'number')
  );
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startUpstashFixture(
  options: { redisUrl?: string; token?: string } = {},
): Promise<UpstashFixture> {
  const token = options.token ?? `fixture-${crypto.randomUUID()}`;
  const redis = new Redis(options.redisUrl ?? 'redis://127.0.0.1:6379', {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
  });
  let served = 0;

  const run = async (command: (string | number)[]): Promise<{ result: Reply } | { error: string }> => {
    const [name, ...args] = command.map(String);
    try {
      return { result: (await redis.call(name!, ...args)) as Reply };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  const server = createServer((req, res) => {
    served++;
    void (async () => {
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'Unauthorized' });
      if (req.method !== 'POST') return send(res, 405, { error: 'Method not allowed' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return send(res, 400, { error: 'ERR malformed JSON body' });
      }
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/') {
        if (!isCommand(body)) return send(res, 400, { error: 'ERR expected a command array' });
        const reply = await run(body);
        if ('error' in reply) return send(res, 400, reply);
        return send(res, 200, { result: encodeReply(reply.result, base64) });
      }
      if (path === '/pipeline' || path === '/multi-exec') {
        if (!Array.isArray(body) || !body.every(isCommand)) {
          return send(res, 400, { error: 'ERR expected an array of command arrays' });
        }
        const replies =
          path === '/multi-exec'
            ? await runTransaction(redis, body)
            : await Promise.all(body.map((cmd) => run(cmd)));
        return send(
          res,
          200,
          replies.map((r) => ('error' in r ? r : { result: encodeReply(r.result, base64) })),
        );
      }
      return send(res, 404, { error: 'Not found' });
    })().catch((error) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: () => served,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

async function runTransaction(
  redis: Redis,
  commands: (string | number)[][],
): Promise<({ result: Reply } | { error: string })[]> {
  const multi = redis.multi();
  for (const [name, ...args] of commands) multi.call(String(name), ...args.map(String));
  const results = (await multi.exec()) ?? [];
  return results.map(([error, result]) => (error ? { error: error.message } : { result: result as Reply }));
}
