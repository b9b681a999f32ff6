// Makes a fresh tenant with a write key and one ingested record through a given base URL (an edge
// or a region), for edge end-to-end tests against real regions. Every call makes a new tenant, so
// tests never share data and never need to clean up.
import { ADMIN_KEY } from './edge-processes.ts';

export interface Tenant {
  tenant: string;
  key: string;
  recordId: string;
}

export async function createTenant(baseUrl: string, domainRecord: Record<string, unknown>): Promise<Tenant> {
  const tenant = `edge-e2e-${crypto.randomUUID()}`;
  const keyRes = await fetch(`${baseUrl}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, role: 'write' }),
  });
  if (keyRes.status !== 201)
    throw new Error(`creating a key answered ${keyRes.status}: ${await keyRes.text()}`);
  const { key } = (await keyRes.json()) as { key: string };
  const ingest = await fetch(`${baseUrl}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(domainRecord),
  });
  if (ingest.status !== 201) throw new Error(`ingest answered ${ingest.status}: ${await ingest.text()}`);
  const { records } = (await ingest.json()) as { records: Array<{ id: string }> };
  return { tenant, key, recordId: records[0]!.id };
}
