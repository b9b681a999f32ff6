// Header hygiene between client and region: hop-by-hop headers are removed both ways, the
// x-forwarded-* set is written by the edge, and what is left passes through unchanged. It must never
// forward a header named by `Connection`, or let a client choose the Host a region sees.

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers the edge sets itself or that the transport recomputes. */
const REQUEST_DROP = new Set(['host', 'content-length', 'accept-encoding', 'expect']);
const RESPONSE_DROP = new Set(['content-length', 'date', 'server']);

function connectionListed(value: string | null | undefined): Set<string> {
  if (!value) return new Set();
  return new Set(value.split(',').map((v) => v.trim().toLowerCase()));
}

export interface ForwardedFrom {
  clientAddress: string | undefined;
  proto: string;
  host: string | undefined;
  requestId: string;
}

/** Headers for the region request. Accept-Encoding is dropped so bodies arrive uncompressed and cacheable. */
export function upstreamRequestHeaders(incoming: Headers, from: ForwardedFrom): Record<string, string> {
  const listed = connectionListed(incoming.get('connection'));
  const out: Record<string, string> = {};
  incoming.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || REQUEST_DROP.has(name) || listed.has(name) || name.startsWith('x-forwarded-'))
      return;
    out[name] = value;
  });
  const priorFor = incoming.get('x-forwarded-for');
  if (from.clientAddress !== undefined) {
    out['x-forwarded-for'] = priorFor ? `${priorFor}, ${from.clientAddress}` : from.clientAddress;
  } else if (priorFor) {
    out['x-forwarded-for'] = priorFor;
  }
  out['x-forwarded-proto'] = from.proto;
  if (from.host !== undefined) out['x-forwarded-host'] = from.host;
  out['x-request-id'] = from.requestId;
  return out;
}

/**
 * Headers for the client response, from what the region sent. A plain object keeps the Node adapter
 * on its fast path; only a repeated header (Set-Cookie) needs a Headers object, so values stay apart.
 */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Headers | Record<string, string> {
  const connection = upstream.connection;
  const listed =
    connection === undefined
      ? undefined
      : connectionListed(Array.isArray(connection) ? connection.join(',') : connection);
  const out: Record<string, string> = {};
  let repeated: Headers | undefined;
  for (const name in upstream) {
    const value = upstream[name];
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || RESPONSE_DROP.has(lower) || listed?.has(lower))
      continue;
    if (Array.isArray(value)) {
      repeated ??= new Headers();
      for (const v of value) repeated.append(lower, v);
    } else {
      out[lower] = value;
    }
  }
  if (repeated === undefined) return out;
  for (const name in out) repeated.set(name, out[name]!);
  return repeated;
}

export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
