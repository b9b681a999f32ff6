// A TCP proxy on loopback that adds latency in both directions, to make one region slow in edge
// tests. Delays preserve byte order (same delay for every chunk of a connection direction). It only
// ever connects to the one target it was given.
import { connect, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  port: number;
  url: string;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startDelayProxy(
  target: { host?: string; port: number },
  delayMs = 0,
): Promise<DelayProxy> {
  let delay = delayMs;
  const sockets = new Set<Socket>();
  const pipeDelayed = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      const send = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (delay > 0) setTimeout(send, delay);
      else send();
    });
    from.on('end', () => setTimeout(() => to.end(), delay));
    from.on('error', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect({ host: target.host ?? '127.0.0.1', port: target.port });
    sockets.add(client);
    sockets.add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setDelay(ms) {
      delay = ms;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
