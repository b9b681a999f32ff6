/**
 * A bare Hono app in its own process answering each path (with its query string) with a fixed JSON
 * body: the same-run baseline for an endpoint's HTTP cost, the floor any answer from a Node process
 * on this machine stands on. A POST to a path in `posts` has its JSON body parsed (as any write
 * must) and is answered with that path's status and body: the floor of a write that stores nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './region-process.ts';

export interface BareHono {
  url: string;
  child: ChildProcess;
}

export interface BarePost {
  status: number;
  body: unknown;
}

export async function startBareHono(
  bodies: Record<string, unknown>,
  posts: Record<string, BarePost> = {},
): Promise<BareHono> {
  const code = `
    import { Hono } from 'hono';
    import { serve } from '@hono/node-server';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const { bodies, posts } = JSON.parse(input);
    const app = new Hono();
    app.post('*', async (c) => {
      await c.req.json();
      const answer = posts[c.req.path];
      return answer ? c.json(answer.body, answer.status) : c.json({}, 404);
    });
    app.get('*', (c) => {
      // The path and query string exactly as sent (new URL() would re-encode some characters).
      const url = c.req.url;
      return c.json(bodies[url.slice(url.indexOf('/', url.indexOf('//') + 2))] ?? {});
    });
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('port ' + info.port));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // Through stdin: answers can be larger than one environment variable may be (128 KiB).
  child.stdin!.end(JSON.stringify({ bodies, posts }));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare Hono did not start in 10 s')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (c) => reject(new Error(`bare Hono exited with ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}
