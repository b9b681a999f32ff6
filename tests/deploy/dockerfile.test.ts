// The container image, checked by parsing deploy/docker/Dockerfile (no Docker engine runs here):
// stages, base image, production-only dependencies, user, init, health check, no baked secrets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Copy,
  DockerfileParser,
  type Env,
  type From,
  type Healthcheck,
  type Instruction,
} from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { REGION_NODE_FLAGS } from '../../deploy/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');
const source = readFileSync(join(root, 'deploy/docker/Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(source);

type Stage = { from: From; name: string | null; instructions: Instruction[] };

function stages(): Stage[] {
  const out: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      out.push({ from, name: from.getBuildStage(), instructions: [] });
    } else {
      out.at(-1)?.instructions.push(instruction);
    }
  }
  return out;
}

function stage(name: string): Stage {
  const found = stages().find((s) => s.name === name);
  if (!found) throw new Error(`no stage named ${name}`);
  return found;
}

const keyword = (s: Stage, k: string) => s.instructions.filter((i) => i.getKeyword() === k);
const args = (i: Instruction) => i.getArgumentsContent() ?? '';

function workspaceManifests(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = pkg.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent)).map((d) => `${parent}/${d}`);
  });
  return dirs.map((d) => `${d}/package.json`).filter((m) => existsSync(join(root, m)));
}

describe('Dockerfile', () => {
  it('has the stages deps, build and runtime, in that order, each on node:20-alpine', () => {
    const all = stages();
    const names = all.map((s) => s.name);
    expect(names.filter((n) => n === 'deps' || n === 'build' || n === 'runtime')).toEqual([
      'deps',
      'build',
      'runtime',
    ]);
    expect(names.at(-1)).toBe('runtime');
    for (const s of all) expect(`${s.from.getImageName()}:${s.from.getImageTag()}`).toBe('node:20-alpine');
  });

  it('installs only production dependencies for the image, from the lockfile', () => {
    const runs = keyword(stage('deps'), 'RUN').map(args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && r.includes('--omit=dev'))).toBe(true);
    const runtime = stage('runtime');
    expect(keyword(runtime, 'RUN').map(args).join('\n')).not.toMatch(/\bnpm (ci|install|i)\b/);
    const copies = keyword(runtime, 'COPY') as Copy[];
    const fromDeps = copies.filter((c) => c.getFromFlag()?.getValue() === 'deps');
    expect(fromDeps.map(args)).toContain('/app ./');
    // Whatever comes from the build stage (which has dev dependencies) is sources only.
    const fromBuild = copies.filter((c) => c.getFromFlag()?.getValue() === 'build').map(args);
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const c of fromBuild) expect(c).not.toMatch(/node_modules|\/app \.\/?$/);
    expect(keyword(stage('build'), 'RUN').map(args).join('\n')).toMatch(/-name node_modules .*rm -rf/);
  });

  it('gives npm ci every workspace manifest, found by search rather than listed by hand', () => {
    const collect = keyword(stage('manifests'), 'RUN').map(args).join('\n');
    expect(collect).toMatch(/find \. -name package\.json -not -path '\*\/node_modules\/\*'/);
    expect(collect).toMatch(/package-lock\.json/);
    for (const name of ['deps', 'build']) {
      const s = stage(name);
      const firstCi = s.instructions.findIndex((i) => /\bnpm ci\b/.test(args(i)));
      const manifestCopy = s.instructions.findIndex(
        (i) => i.getKeyword() === 'COPY' && (i as Copy).getFromFlag()?.getValue() === 'manifests',
      );
      expect(manifestCopy, `${name} copies the manifests`).toBeGreaterThanOrEqual(0);
      expect(manifestCopy, `${name} copies the manifests before npm ci`).toBeLessThan(firstCi);
    }
    // Every workspace's package.json is a plain file the find above will pick up.
    expect(workspaceManifests().length).toBeGreaterThan(2);
  });

  it('copies into the build stage every workspace directory it type-checks', () => {
    const copied = keyword(stage('build'), 'COPY').map((c) => args(c).split(/\s+/)[0]);
    for (const manifest of workspaceManifests()) {
      const top = manifest.split('/')[0] as string;
      if (top === 'package.json') continue;
      expect(copied, `build stage copies ${top}`).toContain(top);
    }
  });

  it('bundles the type-checked sources in the build stage and ships only the bundle', () => {
    const build = keyword(stage('build'), 'RUN').map(args).join('\n');
    expect(build).toMatch(/tsc --noEmit[\s\S]*node --import tsx deploy\/build\.ts dist/);
    const fromBuild = (keyword(stage('runtime'), 'COPY') as Copy[])
      .filter((c) => c.getFromFlag()?.getValue() === 'build')
      .map(args);
    expect(fromBuild).toEqual(['/app/dist ./dist']);
    // The build script is in the build context although the rest of deploy/ is not.
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignore.indexOf('!deploy/build.ts')).toBeGreaterThan(ignore.indexOf('deploy'));
    expect(ignore).toContain('dist');
  });

  it('sets NODE_ENV=production in the runtime stage', () => {
    const envs = keyword(stage('runtime'), 'ENV') as Env[];
    const props = envs.flatMap((e) => e.getProperties());
    expect(props.find((p) => p.getName() === 'NODE_ENV')?.getValue()).toBe('production');
  });

  it('runs as the unprivileged uid 1001 created in the image', () => {
    const runtime = stage('runtime');
    const users = keyword(runtime, 'USER').map(args);
    expect(users.at(-1)).toMatch(/^1001(:1001)?$/);
    expect(keyword(runtime, 'RUN').map(args).join('\n')).toMatch(/adduser\b.*-u 1001/);
    // USER must come after the last COPY/RUN that needs root, and nothing switches back.
    const last = runtime.instructions.map((i) => i.getKeyword());
    expect(last.lastIndexOf('USER')).toBeGreaterThan(last.lastIndexOf('RUN'));
  });

  it('uses dumb-init as PID 1 and starts a region by default', () => {
    const runtime = stage('runtime');
    expect(keyword(runtime, 'RUN').map(args).join('\n')).toMatch(/apk add --no-cache dumb-init/);
    const entrypoint = keyword(runtime, 'ENTRYPOINT').at(-1);
    expect(JSON.parse(args(entrypoint as Instruction))).toEqual(['dumb-init', '--']);
    const cmd = keyword(runtime, 'CMD').at(-1);
    expect(JSON.parse(args(cmd as Instruction))).toEqual([
      'node',
      ...REGION_NODE_FLAGS,
      'dist/smartdb.mjs',
      'region',
    ]);
  });

  it('health-checks /health every 30 s, timeout 10 s, start period 60 s, 3 retries', () => {
    const checks = keyword(stage('runtime'), 'HEALTHCHECK') as Healthcheck[];
    expect(checks).toHaveLength(1);
    const check = checks[0] as Healthcheck;
    const flags = Object.fromEntries(check.getFlags().map((f) => [f.getName(), f.getValue()]));
    expect(flags).toEqual({ interval: '30s', timeout: '10s', 'start-period': '60s', retries: '3' });
    expect(args(check)).toMatch(/CMD .*http:\/\/127\.0\.0\.1:\$\{PORT\}\/health/);
  });

  it('bakes in no secret: no ENV or ARG whose name looks secret carries a value', () => {
    const secretName = /KEY|TOKEN|PASSWORD|SECRET|CREDENTIAL|DATABASE_URL|REDIS_URL/i;
    for (const instruction of dockerfile.getInstructions()) {
      const k = instruction.getKeyword();
      if (k !== 'ENV' && k !== 'ARG') continue;
      const names = args(instruction)
        .split(/\s+/)
        .map((p) => p.split('=')[0] ?? '');
      for (const name of names) expect(name, `${k} ${name}`).not.toMatch(secretName);
    }
    expect(source).not.toMatch(/(sk|pk)_(live|test)_|BEGIN [A-Z ]*PRIVATE KEY/);
  });

  it('keeps the build context small: .dockerignore drops node_modules, VCS, tests and env files', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '.git', '.env', 'tests', '.smartdb'])
      expect(ignore).toContain(entry);
  });
});
