// A TCP proxy on loopback in front of the test PostgreSQL that loses one answer: once armed, it
// lets through the client's message that contains `marker`, then swallows whatever the server
// answers and cuts the connection. The server has done the work (parsed, executed, committed); the
// client never learns it. It only ever connects to 127.0.0.1:5432.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { TEST_DATABASE_URL } from './db.ts';

export class AnswerEater {
  marker = '';
  /** Text of the server's answer to cut at (a command tag such as `UPDATE`); any answer when empty. */
  answer = '';
  armed = false;
  /** Connections cut so far. */
  cuts = 0;
  port = 0;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  /**
   * Cuts the next connection that sends `marker`, at the server's first answer after it that holds
   * `answer` (earlier answers, such as a statement's description, pass).
   */
  arm(marker: string, answer = ''): void {
    this.marker = marker;
    this.answer = answer;
    this.armed = true;
  }

  async open(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: 5432 });
      let eating = false;
      const cut = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        if (this.armed && chunk.includes(this.marker)) {
          this.armed = false;
          eating = true;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!eating || !chunk.includes(this.answer)) {
          client.write(chunk);
          return;
        }
        this.cuts++;
        cut();
      });
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('error', cut);
        s.on('close', () => {
          this.#sockets.delete(s);
          cut();
        });
      }
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  url(): string {
    const url = new URL(TEST_DATABASE_URL);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }
}
