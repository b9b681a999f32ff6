/**
 * A real PostgreSQL primary with a real streaming replica, made for one test file from the
 * PostgreSQL server binaries installed on the machine (initdb, pg_basebackup -R, pg_ctl) in a
 * temporary directory on two free loopback ports, and removed afterwards. The servers refuse to run
 * as root, so as root they run as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './edge-processes.ts';

const run = promisify(execFile);

export interface ReplicatedCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** A connection to the replica, for pausing replay and reading what it has replayed. */
  replica: postgres.Sql;
  stopReplica(): Promise<void>;
  close(): Promise<void>;
}

/** The newest installed server's binaries (Debian keeps them under /usr/lib/postgresql/<major>/bin). */
function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)) : [];
  const bin = majors.sort((a, b) => Number(b) - Number(a)).map((m) => join(root, m, 'bin'))[0];
  if (!bin || !existsSync(join(bin, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found under ${root} (install postgresql)`);
  }
  return bin;
}

export async function startReplicatedCluster(): Promise<ReplicatedCluster> {
  const bin = serverBin();
  const asRoot = userInfo().uid === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const dir = mkdtempSync('/tmp/smartdb-replica-');
  if (asRoot) {
    const { uid, gid } = await run('id', ['-u', 'postgres']).then(async ({ stdout }) => ({
      uid: Number(stdout),
      gid: Number((await run('id', ['-g', 'postgres'])).stdout),
    }));
    chownSync(dir, uid, gid);
  }
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const server = (port: number) => [
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`,
  ];
  const stop = (data: string) => pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});

  await pg('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  await pg('pg_ctl', [
    '-D',
    primaryDir,
    '-l',
    join(dir, 'primary.log'),
    '-w',
    ...server(primaryPort),
    'start',
  ]);
  try {
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
    ]);
    await pg('pg_ctl', [
      '-D',
      replicaDir,
      '-l',
      join(dir, 'replica.log'),
      '-w',
      ...server(replicaPort),
      'start',
    ]);
  } catch (e) {
    await stop(primaryDir);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const replica = postgres(url(replicaPort), { max: 1, onnotice: () => {} });
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    replica,
    stopReplica: async () => {
      await replica.end({ timeout: 1 });
      await stop(replicaDir);
    },
    close: async () => {
      await replica.end({ timeout: 1 });
      await stop(replicaDir);
      await stop(primaryDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
