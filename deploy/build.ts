/**
 * Builds the runnable JavaScript of `smartdb` into `dist/` (`npm run build`), as the container image
 * runs it: `node dist/smartdb.mjs <command>`.
 *
 * Why: under tsx every process carries the loader, the esbuild service and a transform of each
 * module it imports; an edge run that way idled at 117 MB against 86 MB for this bundle. The
 * sources stay the development path (`npx smartdb` runs them through tsx, no build step).
 *
 * What: our own code (the CLI and every @smartdb/* workspace) is bundled, split at the CLI's
 * dynamic imports so an edge process still never loads the region's drivers, query engine and admin
 * UI. Third-party packages stay external and resolve from node_modules as before: PGlite finds its
 * WebAssembly beside itself, and the lockfile still decides every version. The files the code reads
 * beside itself at run time are copied next to the bundle: `migrations/` and the admin UI's assets.
 *
 *   node --import tsx deploy/build.ts [outdir]
 */
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bare specifiers stay imports, except our workspaces, whose packages export TypeScript sources. */
const thirdPartyExternal: Plugin = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@smartdb/') ? undefined : { path: args.path, external: true },
    );
  },
};

export interface Built {
  outdir: string;
  /** The entry the commands run: `node <entry> region`. */
  entry: string;
  metafile: Metafile;
}

export async function buildDist(outdir = join(ROOT, 'dist')): Promise<Built> {
  const out = resolve(outdir);
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { smartdb: 'region/src/cli.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: join(ROOT, 'tsconfig.json'),
    plugins: [thirdPartyExternal],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  cpSync(join(ROOT, 'migrations'), join(out, 'migrations'), { recursive: true });
  cpSync(join(ROOT, 'region/src/admin/assets'), join(out, 'assets'), { recursive: true });
  return { outdir: out, entry: join(out, 'smartdb.mjs'), metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const built = await buildDist(process.argv[2]);
  const bytes = Object.values(built.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stdout.write(
    `smartdb: built ${built.entry} (${(bytes / 1024).toFixed(0)} KiB with source maps) in ${(performance.now() - started).toFixed(0)} ms\n`,
  );
}
