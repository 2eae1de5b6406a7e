// Starts a controller and media agents as processes for one test file, and stops every one of them.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { agentCredential, mintGrant } from '../../bin/lib/meridian.mjs';
import { agentCommand, controllerCommand, REPO } from './launchers.mjs';
import { MEDIA_HOST } from './netns.mjs';

const children = new Set();
// Whatever happens to the test process, no child outlives it.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '0.0.0.0', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Polls `check` (async, truthy when done) every `interval` ms until `timeout` ms pass; throws `message`. */
export async function waitFor(check, { timeout = 30_000, interval = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? ` (last error: ${last.message})` : ''}`);
}

function launch(name, command, env, logDir) {
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn('sh', ['-c', command], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true, // own process group, so the JVM under a launcher script is signalled too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  return { name, child, logPath, exited };
}

/** The PostgreSQL the replicas share (trust auth); a fresh database is created per stack and dropped after. */
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

function createDatabase() {
  const name = `meridian_e2e_${randomBytes(6).toString('hex')}`;
  execFileSync('createdb', ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, name], { stdio: 'pipe' });
  return name;
}

function dropDatabase(name) {
  try {
    execFileSync('dropdb', ['-h', PG.host, '-p', String(PG.port), '-U', PG.user, '--force', '--if-exists', name],
      { stdio: 'pipe' });
  } catch (e) {
    process.stderr.write(`e2e: could not drop database ${name}: ${e.message}\n`);
  }
}

/** The agents `baseUrl`'s controller lists, by id (operator credential). */
export async function listedAgents(baseUrl, operatorToken) {
  const response = await fetch(`${baseUrl}/v1/agents`, { headers: { authorization: `Bearer ${operatorToken}` } });
  if (!response.ok) throw new Error(`GET /v1/agents: ${response.status}`);
  return response.json();
}

/**
 * Starts `replicas` controllers and one agent per entry of `agents` ({id, region}), announcing `publicHost`, and
 * waits until every controller lists every agent as up. One replica uses the in-memory store; several share a
 * fresh PostgreSQL database (127.0.0.1:5432, dropped on stop) and one token-signing key, and every agent gets
 * all of them in MERIDIAN_CONTROLLER. `stack.replicas[i]` has `baseUrl`, `kill()` (SIGKILL) and `restart()`.
 * @returns {Promise<{baseUrl: string, agents: object[], replicas: object[], stop: () => Promise<void>, logs: () => string}>}
 */
export async function startStack({
  agents = [{ id: 'agent-eu', region: 'eu-west-1' }], timeoutMs = 120_000, replicas = 1, publicHost = MEDIA_HOST,
} = {}) {
  const logDir = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const fleetToken = randomBytes(16).toString('hex');
  const operatorToken = randomBytes(16).toString('hex');
  const app = { key: 'e2e-app', secret: randomBytes(32).toString('base64url') };
  const processes = [];
  const controllers = [];
  for (let i = 0; i < replicas; i++) {
    controllers.push({ name: replicas === 1 ? 'controller' : `controller-${i}`, httpPort: await freeTcpPort(), grpcPort: await freeTcpPort() });
  }
  let database;
  const shared = {};
  if (replicas > 1) {
    database = createDatabase();
    const keyPath = join(logDir, 'token-signing-key.pem');
    writeFileSync(keyPath, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    Object.assign(shared, {
      MERIDIAN_DB_URL: `jdbc:postgresql://${PG.host}:${PG.port}/${database}`,
      MERIDIAN_DB_USER: PG.user,
      MERIDIAN_DB_PASSWORD: '',
      MERIDIAN_TOKEN_SIGNING_KEY: keyPath,
    });
  }
  const launchController = (c) => {
    c.starts = (c.starts ?? 0) + 1;
    const p = launch(c.starts === 1 ? c.name : `${c.name}-start${c.starts}`, controllerCommand(), {
      MERIDIAN_HTTP_PORT: String(c.httpPort),
      MERIDIAN_GRPC_PORT: String(c.grpcPort),
      MERIDIAN_FLEET_TOKEN: fleetToken,
      MERIDIAN_OPERATOR_TOKEN: operatorToken,
      MERIDIAN_APPS: `${app.key}:${app.secret}`,
      // The demo page asks for a dev grant (for the first declared application, i.e. the one above).
      MERIDIAN_DEV_GRANTS: 'true',
      MERIDIAN_DB_URL: '',
      ...shared,
    }, logDir);
    const index = processes.indexOf(c.process);
    if (index >= 0) processes[index] = p; else processes.push(p);
    c.process = p;
    return p;
  };
  const stack = {
    baseUrl: `http://127.0.0.1:${controllers[0].httpPort}`,
    replicas: controllers.map((c) => ({
      name: c.name,
      baseUrl: `http://127.0.0.1:${c.httpPort}`,
      grpcPort: c.grpcPort,
      /** Kills the replica's process (SIGKILL: no goodbye to anyone) and waits for it to exit. */
      async kill() {
        killGroup(c.process.child, 'SIGKILL');
        await c.process.exited;
      },
      /** Starts the replica again on the same ports. */
      restart() {
        launchController(c);
      },
    })),
    agents: [],
    app,
    operatorToken,
    /** Headers of the application's own admin calls (GET conference, decisions, DELETE participant). */
    appAuth: { authorization: `Basic ${Buffer.from(`${app.key}:${app.secret}`).toString('base64')}` },
    /** A join grant, as the application's backend would mint it. */
    grant: (conference, identity, permissions = ['publish', 'subscribe']) =>
      mintGrant(app, { conference, identity, permissions }),
    logDir,
    logs(lines = 60) {
      return processes.map((p) => {
        let text = '';
        try {
          text = readFileSync(p.logPath, 'utf8').split('\n').slice(-lines).join('\n');
        } catch {
          // no log yet
        }
        return `----- ${p.name} (${p.logPath}) -----\n${text}`;
      }).join('\n');
    },
    async stop() {
      for (const p of processes) killGroup(p.child, 'SIGTERM');
      const timer = setTimeout(() => processes.forEach((p) => killGroup(p.child, 'SIGKILL')), 10_000);
      await Promise.all(processes.map((p) => p.exited));
      clearTimeout(timer);
      if (database) dropDatabase(database);
    },
  };
  try {
    controllers.forEach(launchController);
    for (const a of agents) {
      const agent = {
        ...a,
        httpPort: await freeTcpPort(),
        mediaPort: await freeUdpPort(),
        relayPort: await freeUdpPort(),
      };
      stack.agents.push(agent);
      processes.push(launch(agent.id, agentCommand(), {
        MERIDIAN_AGENT_ID: agent.id,
        MERIDIAN_AGENT_REGION: agent.region,
        MERIDIAN_CONTROLLER: controllers.map((c) => `127.0.0.1:${c.grpcPort}`).join(','),
        MERIDIAN_AGENT_CREDENTIAL: agentCredential(fleetToken, agent.id),
        MERIDIAN_AGENT_HTTP_PORT: String(agent.httpPort),
        MERIDIAN_AGENT_MEDIA_PORT: String(agent.mediaPort),
        MERIDIAN_AGENT_RELAY_PORT: String(agent.relayPort),
        MERIDIAN_AGENT_PUBLIC_HOST: publicHost,
      }, logDir));
    }
    const died = Promise.race(processes.map((p) => p.exited.then((r) => {
      throw new Error(`${p.name} exited early (${r.code ?? r.signal})`);
    })));
    await Promise.race([died, waitFor(async () => {
      for (const replica of stack.replicas) {
        const listed = await listedAgents(replica.baseUrl, operatorToken);
        if (!agents.every((a) => listed.some((l) => l.agentId === a.id && String(l.state).toLowerCase() === 'up'))) {
          return false;
        }
      }
      return true;
    }, { timeout: timeoutMs, interval: 500, message: 'every controller to list every agent as up' })]);
    died.catch(() => {}); // the stack is up; later exits are the tests' business
    return stack;
  } catch (e) {
    const logs = stack.logs();
    await stack.stop();
    throw new Error(`${e.message}\n${logs}`);
  }
}
