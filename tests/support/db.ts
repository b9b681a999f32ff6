/**
 * Test access to the real PostgreSQL on loopback. Tests never truncate: each makes its own tenant
 * (`uniqueTenant`) so files run in parallel against one shared, migrated database.
 */
import postgres from 'postgres';
import { migrateDatabase, type OpenDatabase, openDatabase } from '../../region/src/database.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function testDatabase(poolSize = 4): Promise<OpenDatabase> {
  const handle = await openDatabase({ url: TEST_DATABASE_URL, poolSize });
  await migrateDatabase(handle);
  return handle;
}

let counter = 0;
export function uniqueTenant(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/**
 * A migrated database of its own on the test server, for a test that needs a registry holding only
 * its own stores (a small `mcps` table is scanned in its physical order, not read by index, which is
 * what lock-order tests depend on). `drop` removes it.
 */
export async function ownDatabase(
  prefix: string,
  poolSize = 8,
): Promise<{ database: OpenDatabase; drop: () => Promise<void> }> {
  const serverUrl = (name: string) => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = postgres(serverUrl('postgres'), { max: 1, onnotice: () => {} });
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ url: serverUrl(name), poolSize });
  await migrateDatabase(database);
  return {
    database,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
