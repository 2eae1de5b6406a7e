// Starts a controller and media agents as processes for one test file, and stops every one of them.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
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

/**
 * Starts a controller (in-memory store) and one agent per entry of `agents` ({id, region}), announcing
 * MEDIA_HOST, and waits until the controller lists every agent as up. `controllerEnv` adds to (or overrides) the
 * controller's environment, e.g. MERIDIAN_TRUSTED_PROXIES or MERIDIAN_RATE_LIMIT_* for one test file.
 * @returns {Promise<{baseUrl: string, agents: object[], stop: () => Promise<void>, logs: () => string}>}
 */
export async function startStack({
  agents = [{ id: 'agent-eu', region: 'eu-west-1' }], timeoutMs = 120_000, controllerEnv = {},
} = {}) {
  const logDir = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const fleetToken = randomBytes(16).toString('hex');
  const operatorToken = randomBytes(16).toString('hex');
  const app = { key: 'e2e-app', secret: randomBytes(32).toString('base64url') };
  const httpPort = await freeTcpPort();
  const grpcPort = await freeTcpPort();
  const processes = [];
  const stack = {
    baseUrl: `http://127.0.0.1:${httpPort}`,
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
    },
  };
  try {
    processes.push(launch('controller', controllerCommand(), {
      MERIDIAN_HTTP_PORT: String(httpPort),
      MERIDIAN_GRPC_PORT: String(grpcPort),
      MERIDIAN_FLEET_TOKEN: fleetToken,
      MERIDIAN_OPERATOR_TOKEN: operatorToken,
      MERIDIAN_APPS: `${app.key}:${app.secret}`,
      // The demo page asks for a dev grant (for the first declared application, i.e. the one above).
      MERIDIAN_DEV_GRANTS: 'true',
      MERIDIAN_DB_URL: '',
      ...controllerEnv,
    }, logDir));
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
        MERIDIAN_CONTROLLER: `127.0.0.1:${grpcPort}`,
        MERIDIAN_AGENT_CREDENTIAL: agentCredential(fleetToken, agent.id),
        MERIDIAN_AGENT_HTTP_PORT: String(agent.httpPort),
        MERIDIAN_AGENT_MEDIA_PORT: String(agent.mediaPort),
        MERIDIAN_AGENT_RELAY_PORT: String(agent.relayPort),
        MERIDIAN_AGENT_PUBLIC_HOST: MEDIA_HOST,
      }, logDir));
    }
    const died = Promise.race(processes.map((p) => p.exited.then((r) => {
      throw new Error(`${p.name} exited early (${r.code ?? r.signal})`);
    })));
    await Promise.race([died, waitFor(async () => {
      const response = await fetch(`${stack.baseUrl}/v1/agents`, {
        headers: { authorization: `Bearer ${operatorToken}` },
      });
      if (!response.ok) return false;
      const listed = await response.json();
      return agents.every((a) => listed.some((l) => l.agentId === a.id && String(l.state).toLowerCase() === 'up'));
    }, { timeout: timeoutMs, interval: 500, message: 'the controller to list every agent as up' })]);
    died.catch(() => {}); // the stack is up; later exits are the tests' business
    return stack;
  } catch (e) {
    const logs = stack.logs();
    await stack.stop();
    throw new Error(`${e.message}\n${logs}`);
  }
}
