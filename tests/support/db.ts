/**
 * Test access to the real PostgreSQL on loopback. Tests never truncate: each makes its own tenant
 * (`uniqueTenant`) so files run in parallel against one shared, migrated database.
 */
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
