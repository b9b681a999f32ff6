// Guards the rule that keeps the edge bundling for Workers and running on Deno: no runtime module
// outside the per-runtime entry files, in edge/src and in packages/cache/src.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = new Set(['edge/src/node.ts', 'edge/src/deno.ts', 'edge/src/worker.ts']);

function sources(dir: string): string[] {
  return readdirSync(`${ROOT}${dir}`, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => `${f.parentPath.slice(ROOT.length)}/${f.name}`);
}

describe('runtime neutrality', () => {
  it('imports no node: module (nor undici or @hono/node-server) outside the runtime entries', () => {
    const offenders = [...sources('edge/src'), ...sources('packages/cache/src')]
      .filter((file) => !ENTRIES.has(file))
      .filter((file) =>
        /from ['"](node:|undici['"]|@hono\/node-server)|require\(|process\.env|Deno\./.test(
          readFileSync(`${ROOT}${file}`, 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
