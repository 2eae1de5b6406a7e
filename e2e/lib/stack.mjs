// Starts a controller and media agents as processes for one test file, and stops every one of them.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

export function freeTcpPort() {
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

/** JWT/JWS compact serialisations (a grant, an agent token): nothing should ever log one. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\./;
/** A PEM private key of any kind (PKCS#8, RSA, EC, encrypted). */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Every line of the files at `logPaths` that holds one of `secrets`, a JWT-shaped string or a PEM private-key
 * header: [{file, line, what}], never the secret itself.
 */
export function scanLogs(logPaths, secrets) {
  const hits = [];
  for (const file of logPaths) {
    if (!existsSync(file)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const what = [];
      const found = [...secrets].filter((s) => text.includes(s.value));
      for (const s of found) what.push(`secret '${s.label}'`);
      if (JWT_SHAPE.test(text)) what.push('a JWT-shaped string');
      if (PEM_PRIVATE_KEY.test(text)) what.push('a PEM private-key header');
      if (what.length === 0) return;
      let excerpt = text.replace(new RegExp(JWT_SHAPE.source + '[A-Za-z0-9_-]*', 'g'), '<jwt>');
      for (const s of found) excerpt = excerpt.split(s.value).join(`<${s.label}>`);
      hits.push({ file, line: i + 1, what: what.join(', '), excerpt: excerpt.slice(0, 200) });
    });
  }
  return hits;
}

function launch(name, command, env, logDir) {
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: 'a' }); // a restarted process appends
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
 * An agent counts as started once it reports less stress than this (the controller's default overload threshold,
 * 0.85): a JVM that just started measures its own JIT warm-up as CPU load for its first reports, and would refuse
 * the test's first joins.
 */
const READY_STRESS = 0.85;

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
 * waits until every controller lists every agent as up. One replica uses the in-memory store (unless
 * `controllerEnv` sets MERIDIAN_DB_URL); several share a fresh PostgreSQL database (127.0.0.1:5432, dropped on
 * stop). All sign agent tokens with one PEM key file, as production does, so a restarted controller verifies the
 * tokens it signed before; every agent gets every replica in MERIDIAN_CONTROLLER. `controllerEnv` and `agentEnv`
 * add to (or override) the environment each controller / agent process gets; an agent entry may add its own `env`,
 * and `tcpMedia: true` opens its ICE-TCP port (kept as `mediaTcpPort`). `stack.replicas[i]` has `baseUrl`,
 * `kill()` (SIGKILL) and `restart()`.
 *
 * The stack remembers every secret it knows (fleet token, operator token, application secret, agent
 * credentials), every grant minted through `grant` and every agent token a `join` received; more with
 * `remember(secret, label)`. `stop()` ends the processes and then scans their logs for any of them, for
 * JWT-shaped strings and for PEM private-key headers, and throws when it finds one: the file that owns the stack
 * fails (its after hook throws).
 * @returns {Promise<{baseUrl: string, agents: object[], replicas: object[], stop: () => Promise<void>, logs: () => string}>}
 */
export async function startStack({
  agents = [{ id: 'agent-eu', region: 'eu-west-1' }], timeoutMs = 120_000, replicas = 1, publicHost = MEDIA_HOST,
  controllerEnv = {}, agentEnv = {},
} = {}) {
  const logDir = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const fleetToken = randomBytes(16).toString('hex');
  const operatorToken = randomBytes(16).toString('hex');
  const app = { key: 'e2e-app', secret: randomBytes(32).toString('base64url') };
  const processes = [];
  const secrets = new Map(); // value → {value, label}
  const basic = Buffer.from(`${app.key}:${app.secret}`).toString('base64');
  let stopped = false;
  const controllers = [];
  for (let i = 0; i < replicas; i++) {
    controllers.push({ name: replicas === 1 ? 'controller' : `controller-${i}`, httpPort: await freeTcpPort(), grpcPort: await freeTcpPort() });
  }
  const signingKey = join(logDir, 'token-signing-key.pem');
  writeFileSync(signingKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 });
  let database;
  // the tests exercise relays with two browsers: cascade 1:1 calls (production default: never; docs/study.md)
  const shared = { MERIDIAN_DB_URL: '', MERIDIAN_TOKEN_SIGNING_KEY: signingKey,
    MERIDIAN_POLICY_MIN_PARTICIPANTS_TO_CASCADE: '1' };
  if (replicas > 1) {
    database = createDatabase();
    Object.assign(shared, {
      MERIDIAN_DB_URL: `jdbc:postgresql://${PG.host}:${PG.port}/${database}`,
      MERIDIAN_DB_USER: PG.user,
      MERIDIAN_DB_PASSWORD: '',
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
      ...shared,
      ...controllerEnv,
    }, logDir);
    const index = processes.indexOf(c.process);
    if (index >= 0) processes[index] = p; else processes.push(p);
    c.process = p;
    return p;
  };
  const agentEnvironments = {};
  const stack = {
    baseUrl: `http://127.0.0.1:${controllers[0].httpPort}`,
    /** The first replica's gRPC port (a rogue agent's test connects there). */
    grpcPort: controllers[0].grpcPort,
    /** The fleet key the controller derives agent credentials from (a rogue agent's test mints its own). */
    fleetToken,
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
    appAuth: { authorization: `Basic ${basic}` },
    /** Adds `value` to what no process may log; returns it. */
    remember(value, label = 'remembered secret') {
      if (value && !secrets.has(value)) secrets.set(value, { value, label });
      return value;
    },
    /** A join grant, as the application's backend would mint it (remembered). */
    grant: (conference, identity, permissions = ['publish', 'subscribe']) =>
      stack.remember(mintGrant(app, { conference, identity, permissions }), `grant ${conference}/${identity}`),
    /**
     * POST /v1/conferences/{conference}/join as `identity` with a fresh grant; asserts 200 and returns the answer,
     * its agent token remembered.
     */
    async join(conference, identity, { permissions, body = { participantId: identity } } = {}) {
      const response = await fetch(`${stack.baseUrl}/v1/conferences/${encodeURIComponent(conference)}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.grant(conference, identity, permissions)}` },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`join ${conference}/${identity}: HTTP ${response.status} ${text}`);
      const answer = JSON.parse(text);
      stack.remember(answer.token, `agent token ${conference}/${identity}`);
      return answer;
    },
    /** Lines of the processes' logs that hold a remembered secret, a JWT-shaped string or a PEM private key. */
    scanLogs: () => scanLogs(processes.map((p) => p.logPath), secrets.values()),
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
    /**
     * Stops the first controller with `signal`, runs `whileDown()`, and starts it again with the same configuration
     * and ports; resolves once it answers ready. The agents reconnect by themselves.
     */
    async restartController({ signal = 'SIGTERM', whileDown = async () => {} } = {}) {
      const c = controllers[0];
      killGroup(c.process.child, signal);
      await c.process.exited;
      await whileDown();
      launchController(c);
      await waitFor(async () => (await fetch(`${stack.baseUrl}/q/health/ready`)).ok,
        { timeout: 60_000, interval: 250, message: 'the restarted controller to be ready' });
    },
    /** Kills agent `id` with `signal` and starts it again with the same id, ports and credential. */
    async restartAgent(id, { signal = 'SIGKILL' } = {}) {
      const index = processes.findIndex((p) => p.name === id);
      killGroup(processes[index].child, signal);
      await processes[index].exited;
      processes[index] = launch(id, agentCommand(), agentEnvironments[id], logDir);
    },
    /** The pid of agent `id`'s JVM (the process bound to its media port), to signal it directly. */
    agentPid(id) {
      const agent = stack.agents.find((a) => a.id === id);
      const out = execFileSync('ss', ['-H', '-lunp', `sport = :${agent.mediaPort}`], { encoding: 'utf8' });
      const match = /pid=(\d+)/.exec(out);
      if (!match) throw new Error(`no process bound to UDP ${agent.mediaPort} (${id}): ${out}`);
      return Number(match[1]);
    },
    /** Ends every process, then fails when their logs hold a secret (see scanLogs); once. */
    async stop() {
      await halt();
      if (stopped) return;
      stopped = true;
      const hits = stack.scanLogs();
      if (hits.length > 0) {
        throw new Error(`the stack's logs hold secrets:\n${hits.map((h) => `  ${h.file}:${h.line}: ${h.what}: ${h.excerpt}`).join('\n')}`);
      }
    },
  };
  async function halt() {
    for (const p of processes) killGroup(p.child, 'SIGTERM');
    const timer = setTimeout(() => processes.forEach((p) => killGroup(p.child, 'SIGKILL')), 10_000);
    await Promise.all(processes.map((p) => p.exited));
    clearTimeout(timer);
    if (database) {
      dropDatabase(database);
      database = undefined;
    }
  }
  stack.remember(fleetToken, 'fleet token');
  stack.remember(operatorToken, 'operator token');
  stack.remember(app.secret, 'application secret');
  stack.remember(basic, 'application Basic credentials');
  try {
    controllers.forEach(launchController);
    for (const a of agents) {
      const agent = {
        ...a,
        httpPort: await freeTcpPort(),
        mediaPort: await freeUdpPort(),
        relayPort: await freeUdpPort(),
        mediaTcpPort: a.tcpMedia ? await freeTcpPort() : 0,
      };
      stack.agents.push(agent);
      const credential = agentCredential(fleetToken, agent.id);
      stack.remember(credential.slice(agent.id.length + 1), `agent credential of ${agent.id}`);
      processes.push(launch(agent.id, agentCommand(), agentEnvironments[agent.id] = {
        MERIDIAN_AGENT_ID: agent.id,
        MERIDIAN_AGENT_REGION: agent.region,
        MERIDIAN_CONTROLLER: controllers.map((c) => `127.0.0.1:${c.grpcPort}`).join(','),
        MERIDIAN_AGENT_CREDENTIAL: credential,
        MERIDIAN_AGENT_HTTP_PORT: String(agent.httpPort),
        MERIDIAN_AGENT_MEDIA_PORT: String(agent.mediaPort),
        MERIDIAN_AGENT_RELAY_PORT: String(agent.relayPort),
        MERIDIAN_AGENT_PUBLIC_HOST: publicHost,
        MERIDIAN_AGENT_MEDIA_TCP_PORT: String(agent.mediaTcpPort),
        ...agentEnv,
        ...(a.env ?? {}),
      }, logDir));
    }
    const died = Promise.race(processes.map((p) => p.exited.then((r) => {
      throw new Error(`${p.name} exited early (${r.code ?? r.signal})`);
    })));
    await Promise.race([died, waitFor(async () => {
      for (const replica of stack.replicas) {
        const listed = await listedAgents(replica.baseUrl, operatorToken);
        if (!agents.every((a) => listed.some((l) => l.agentId === a.id && String(l.state).toLowerCase() === 'up'
            && l.stress < READY_STRESS))) {
          return false;
        }
      }
      return true;
    }, { timeout: timeoutMs, interval: 500, message: 'every controller to list every agent as up and ready to take participants' })]);
    died.catch(() => {}); // the stack is up; later exits are the tests' business
    return stack;
  } catch (e) {
    const logs = stack.logs();
    await halt();
    throw new Error(`${e.message}\n${logs}`);
  }
}
