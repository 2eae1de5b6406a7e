// A PostgreSQL server of the test's own, so that a test may stop and start it without touching the machine's
// shared one: Debian's server binaries, a fresh cluster in a temporary directory owned by the `postgres` user,
// listening on 127.0.0.1 at a free port, trust authentication. stop()/start() simulate an outage; destroy() removes
// everything.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest server under /usr/lib/postgresql (Debian's layout). */
function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
  if (!versions.length) throw new Error('no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, versions[0], 'bin');
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(command, args) {
  return execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8', stdio: 'pipe' });
}

/**
 * Creates and starts a private cluster with database `meridian`.
 * @returns {Promise<{port: number, jdbcUrl: string, stop: Function, start: Function, destroy: Function}>}
 */
export async function startPrivatePostgres() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'meridian-pg-'));
  chmodSync(dir, 0o777); // runuser'd postgres must own its data directory below this one
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (...args) => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '30', ...args]);
  const start = () => pgCtl('-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'server.log'), 'start');
  start();
  asPostgres(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'CREATE DATABASE meridian']);
  return {
    port,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${port}/meridian`,
    /** Stops the server at once, ending every connection (`pg_ctl stop -m fast`). */
    stop: () => pgCtl('-m', 'fast', 'stop'),
    start,
    destroy() {
      try {
        pgCtl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
