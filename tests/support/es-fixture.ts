/**
 * A local stand-in for Elasticsearch's `_bulk` endpoint (no Elasticsearch server can run on these
 * machines): reads the NDJSON action/document pairs, keeps the documents, and answers like
 * Elasticsearch (`{took, errors, items}` with the `x-elastic-product` header the official client
 * checks). It can be told to fail (503) or to refuse chosen documents, to test the shipper's
 * drop-and-count behaviour.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BulkRequest {
  path: string;
  contentType: string | undefined;
  actions: Record<string, { _index?: string }>[];
  docs: Record<string, unknown>[];
}

export interface EsFixture {
  url: string;
  requests: BulkRequest[];
  /** Every document accepted so far. */
  docs(): Record<string, unknown>[];
  /** While true, `_bulk` answers 503 and keeps nothing. */
  failing: boolean;
  /** Documents for which this returns true are refused with a mapping error. */
  reject: ((doc: Record<string, unknown>) => boolean) | null;
  close(): Promise<void>;
}

export async function startEsFixture(): Promise<EsFixture> {
  const requests: BulkRequest[] = [];
  const fixture: EsFixture = {
    url: '',
    requests,
    docs: () => requests.flatMap((r) => r.docs),
    failing: false,
    reject: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' };
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method !== 'POST' || !path.endsWith('/_bulk')) {
        res.writeHead(404, headers).end(JSON.stringify({ error: 'no handler', status: 404 }));
        return;
      }
      if (fixture.failing) {
        res.writeHead(503, headers).end(JSON.stringify({ error: 'unavailable', status: 503 }));
        return;
      }
      const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
      const actions: BulkRequest['actions'] = [];
      const docs: Record<string, unknown>[] = [];
      const items: unknown[] = [];
      let errors = false;
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const action = JSON.parse(lines[i]!) as Record<string, { _index?: string }>;
        const doc = JSON.parse(lines[i + 1]!) as Record<string, unknown>;
        const [op, meta] = Object.entries(action)[0]!;
        actions.push(action);
        if (fixture.reject?.(doc)) {
          errors = true;
          items.push({
            [op]: {
              _index: meta._index,
              status: 400,
              error: { type: 'document_parsing_exception', reason: 'refused' },
            },
          });
          continue;
        }
        docs.push(doc);
        items.push({
          [op]: { _index: meta._index, _id: `doc-${requests.length}-${i}`, status: 201, result: 'created' },
        });
      }
      requests.push({ path, contentType: req.headers['content-type'], actions, docs });
      res.writeHead(200, headers).end(JSON.stringify({ took: 1, errors, items }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}
