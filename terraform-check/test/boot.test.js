'use strict';
/**
 * Terraform that boots: renders both cloud-init templates with the three-region example's values, lays the
 * files they write under a temporary root, runs the ExecStartPre scripts with the cloud's commands stubbed
 * (Secrets Manager reads and writes from local files, instance metadata, Route 53), reads the environment
 * systemd would hand each unit, and starts bin/controller and bin/media-agent with it — ports and addresses
 * rewritten to free local ports and 127.0.0.1, PostgreSQL in a fresh database. The controller must become
 * ready and list the agent as up to the rendered operator token. A mismatch between the templates and the
 * launchers' configuration fails here.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http2 = require('node:http2');
const dgram = require('node:dgram');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const { loadTree } = require('../src/tree');
const { functionCalls } = require('../src/hcl');
const { renderTemplate, parseCloudConfig, environmentFiles, parseEnvironmentFile } = require('../src/render');

const REPO = path.resolve(__dirname, '..', '..');
const TERRAFORM = path.join(REPO, 'terraform');
const JARS = ['controller', 'media-agent'].map((m) => path.join(REPO, m, 'target', 'quarkus-app', 'quarkus-run.jar'));
const IN_CI = Boolean(process.env.CI);
const INSTANCE_ID = 'i-0123456789abcdef0';
const ACCOUNT_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:meridian';

// Values Terraform computes from resources (ARNs, addresses) stand in here; every other templatefile() input
// comes from the module's variable defaults or the example's tfvars, read from the tree.
const COMPUTED = {
  'modules/controller': {
    region: 'eu-west-1',
    db_url: 'jdbc:postgresql://meridian-db.abc.eu-west-1.rds.amazonaws.com:5432/meridian',
    trusted_proxies: '10.10.0.0/24,10.10.1.0/24',
    agent_credential_secrets: `eu-west-1-=${ACCOUNT_ARN}/agent-credential-eu-west-1-a1 us-east-1-=${ACCOUNT_ARN}/agent-credential-us-east-1-b2 ap-southeast-1-=${ACCOUNT_ARN}/agent-credential-ap-southeast-1-c3`,
    db_secret_arn: `${ACCOUNT_ARN}/controller-db-d4`,
    fleet_token_secret_arn: `${ACCOUNT_ARN}/fleet-token-e5`,
    token_signing_key_secret_arn: `${ACCOUNT_ARN}/token-signing-key-f6`,
    operator_token_secret_arn: `${ACCOUNT_ARN}/operator-token-g7`,
  },
  'modules/media-agent-region': {
    region: 'eu-west-1',
    // module.controller.grpc_addresses with the default instance_count (2), comma-joined by the example.
    controller_address: 'c0.meridian.example.com:443,c1.meridian.example.com:443',
    controller_url: 'https://meridian.example.com',
    agent_credential_secret_arn: `${ACCOUNT_ARN}/agent-credential-eu-west-1-a1`,
    lifecycle_hook_name: 'drain',
  },
};

function skipReason() {
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length === 0) return null;
  const why = `jars missing (${missing.map((j) => path.relative(REPO, j)).join(', ')}): run ./mvnw -B -o -DskipTests package first`;
  if (IN_CI) throw new Error(`${why} — bin/test builds them before the Terraform checks`);
  return why;
}

/** The templatefile() call of a module: {template file, passed variables name → expression AST}. */
function templateCall(mod) {
  for (const file of mod.files) {
    for (const expr of file.expressions) {
      for (const call of functionCalls(expr.ast, 'templatefile')) {
        const [pathArg, varsArg] = call.children;
        const rel = pathArg.children.filter((p) => p.type === 'literalValue').map((p) => p.meta.value).join('');
        return { template: path.join(mod.dir, rel), items: varsArg.meta.items, varsArg };
      }
    }
  }
  throw new Error(`${mod.rel} has no templatefile() call`);
}

/** A literal default of variable `name` in a module (hcl2json keeps literals as JSON values). */
function variableDefault(mod, name) {
  const v = mod.variables.get(name);
  return v && v.body.default !== undefined && typeof v.body.default !== 'object' ? v.body.default : undefined;
}

/** The templatefile() inputs as Terraform would pass them for the example. */
async function templateInputs(tree, rel) {
  const mod = tree.modules.get(rel);
  const { template, varsArg } = templateCall(mod);  // meta.items: name → expression text
  const computed = COMPUTED[rel];
  const inputs = {};
  for (const name of Object.keys(varsArg.meta.items).map((k) => k.replace(/^"|"$/g, ''))) {
    const expression = varsArg.meta.items[name] ?? varsArg.meta.items[`"${name}"`];
    const direct = /^var\.([a-z0-9_]+)$/.exec(String(expression).trim());
    if (Object.hasOwn(computed, name)) inputs[name] = computed[name];
    else if (direct) inputs[name] = moduleArgument(tree, rel, direct[1]) ?? variableDefault(mod, direct[1]);
    assert.notEqual(inputs[name], undefined, `${rel}: no value for templatefile() input ${name} (${expression})`);
  }
  return { template, inputs };
}

/** What the example's (first) call of module `rel` passes as `name`: a literal, var.x or var.x.y of the example. */
function moduleArgument(tree, rel, name) {
  const example = tree.modules.get('examples/three-regions');
  const call = [...example.modules.values()].find((m) => String(m.body.source).endsWith(rel.replace(/^modules\//, '')));
  assert.ok(call, `the example calls ${rel}`);
  const value = call.body[name];
  if (value === undefined || typeof value !== 'string') return value;
  const ref = /^\$\{var\.([a-z0-9_]+)(?:\.([a-z0-9_]+))?\}$/.exec(value);
  if (!ref) return value.includes('${') ? undefined : value;
  const v = exampleValue(tree, ref[1]);
  return ref[2] ? v && v[ref[2]] : v;
}

/** A value the example sets: its tfvars.example, then its variable defaults. */
function exampleValue(tree, name) {
  const example = tree.modules.get('examples/three-regions');
  for (const file of example.tfvars) if (file.json[name] !== undefined) return file.json[name];
  const v = example.variables.get(name);
  return v ? v.body.default : undefined;
}

function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Stand-ins for the cloud: aws (Secrets Manager from files, Route 53 accepted), IMDS through curl, root-only install/chown. */
function writeStubs(dir, secretsDir) {
  fs.mkdirSync(dir, { recursive: true });
  const stub = (name, body) => fs.writeFileSync(path.join(dir, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  stub('aws', `set -euo pipefail
service="$1"; action="$2"; shift 2
arg() { local want="$1"; shift; while [ $# -gt 0 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
file() { echo "${secretsDir}/$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_')"; }
case "$service $action" in
  "secretsmanager get-secret-value")
    f=$(file "$(arg --secret-id "$@")")
    [ -f "$f" ] || { echo "ResourceNotFoundException: no value for $(arg --secret-id "$@")" >&2; exit 254; }
    cat "$f"; echo ;;
  "secretsmanager put-secret-value")
    printf '%s' "$(arg --secret-string "$@")" > "$(file "$(arg --secret-id "$@")")" ;;
  "route53 change-resource-record-sets") ;;
  *) echo "aws stub: $service $action not stubbed" >&2; exit 2 ;;
esac`);
  stub('curl', `for a in "$@"; do case "$a" in
  http://169.254.169.254/latest/api/token) echo imds-token; exit 0 ;;
  http://169.254.169.254/latest/meta-data/instance-id) echo ${INSTANCE_ID}; exit 0 ;;
  http://169.254.169.254/latest/meta-data/public-ipv4) echo 127.0.0.1; exit 0 ;;
  http://169.254.169.254/*) echo "curl stub: $a" >&2; exit 22 ;;
esac; done
exec /usr/bin/curl "$@"`);
  // No meridian user here: ownership is the one thing not reproduced.
  stub('install', `args=(); while [ $# -gt 0 ]; do case "$1" in -o|-g) shift 2 ;; *) args+=("$1"); shift ;; esac; done
exec /usr/bin/install "\${args[@]}"`);
  stub('chown', 'exit 0');
}

/** Lays a rendered cloud-config's files under root, absolute /etc, /opt, /run, /var/lib paths moved there. */
function layFiles(root, cloudConfig) {
  const moved = (text) => text.replace(/(^|[\s"'=(:-])\/(etc\/meridian|opt\/meridian|run\/meridian|var\/lib\/meridian|etc\/systemd)/g, `$1${root}/$2`);
  for (const f of cloudConfig.writeFiles) {
    const target = path.join(root, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, moved(f.content), { mode: parseInt(f.permissions, 8) });
    fs.chmodSync(target, parseInt(f.permissions, 8));
  }
  return moved;
}

/** The environment systemd gives a unit: its EnvironmentFile= entries read in order. */
function unitEnvironment(root, unitPath) {
  const unit = fs.readFileSync(path.join(root, unitPath), 'utf8');
  const env = {};
  for (const { path: file, optional } of environmentFiles(unit)) {
    if (!fs.existsSync(file)) {
      assert.ok(optional, `${unitPath} needs ${file}, which nothing wrote`);
      continue;
    }
    Object.assign(env, parseEnvironmentFile(fs.readFileSync(file, 'utf8')));
  }
  return { unit, env };
}

function run(script, env) {
  return execFileSync('bash', [script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function start(name, launcher, env, logs) {
  const log = fs.openSync(path.join(logs, `${name}.log`), 'w');
  const child = spawn(path.join(REPO, 'bin', launcher), [], { env, stdio: ['ignore', log, log], detached: true });
  child.logFile = path.join(logs, `${name}.log`);
  return child;
}

function stop(child) {
  if (child && child.exitCode === null) {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}

async function until(what, child, probe, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${what}: process exited with ${child.exitCode}; log:\n${fs.readFileSync(child.logFile, 'utf8').slice(-3000)}`);
    }
    try {
      const result = await probe();
      if (result.ok) return result.value;
      last = result.why;
    } catch (error) {
      last = String(error.message || error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s: ${last}; log:\n${fs.readFileSync(child.logFile, 'utf8').slice(-3000)}`);
}

/** The path the controller module's gRPC target group health check probes. */
function grpcHealthCheckPath(tree) {
  const mod = tree.modules.get('modules/controller');
  const group = [...mod.resources.values()].find((r) => r.type === 'aws_lb_target_group' && r.body.protocol_version === 'GRPC');
  assert.ok(group, 'the controller module has a gRPC target group');
  return group.body.health_check[0].path;
}

/** One unary gRPC call with an empty request and no credentials, as the load balancer's health check makes it. */
function grpcProbe(port, grpcPath) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': grpcPath, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks = [];
    let status = null;
    stream.on('response', (headers) => { if (headers['grpc-status'] !== undefined) status = headers['grpc-status']; });
    stream.on('trailers', (trailers) => { status = trailers['grpc-status']; });
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => {
      session.close();
      resolve({ status, body: Buffer.concat(chunks) });
    });
    stream.end(Buffer.alloc(5)); // an uncompressed, empty message: HealthCheckRequest{service: ""}
  });
}

function selfSignedCertificate(dir) {
  const key = path.join(dir, 'tls.key');
  const crt = path.join(dir, 'tls.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=*.agents.meridian.example.com'], { stdio: 'ignore' });
  return { certificate: fs.readFileSync(crt, 'utf8'), private_key: fs.readFileSync(key, 'utf8') };
}

function geoipDatabase() {
  const db = path.join(REPO, 'data', 'geoip', 'GeoLite2-City.mmdb');
  if (!fs.existsSync(db)) {
    try { execFileSync(path.join(REPO, 'bin', 'fetch-geoip'), { stdio: 'ignore' }); } catch { /* below */ }
  }
  return fs.existsSync(db) ? db : null;
}

test('the example\'s cloud-init boots a controller and an agent that it lists as up', { timeout: 600000 }, async (t) => {
  const skip = skipReason();
  if (skip) {
    t.skip(skip);
    return;
  }
  const tree = await loadTree(TERRAFORM);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-boot-'));
  const secrets = path.join(work, 'secrets');
  const stubs = path.join(work, 'stubs');
  fs.mkdirSync(secrets);
  writeStubs(stubs, secrets);
  const database = `meridian_boot_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const children = [];
  t.after(() => {
    children.forEach(stop);
    try { execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', database], { stdio: 'ignore' }); } catch { /* best effort */ }
    if (!process.env.KEEP_BOOT_DIR) fs.rmSync(work, { recursive: true, force: true });
  });

  // The secrets Terraform writes (values generated here as the ephemeral resources would).
  const secretFile = (arn) => path.join(secrets, arn.replace(/[^A-Za-z0-9._-]/g, '_'));
  const c = COMPUTED['modules/controller'];
  const a = COMPUTED['modules/media-agent-region'];
  const operatorToken = crypto.randomBytes(24).toString('hex');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(secretFile(c.fleet_token_secret_arn), crypto.randomBytes(24).toString('hex'));
  fs.writeFileSync(secretFile(c.operator_token_secret_arn), operatorToken);
  fs.writeFileSync(secretFile(c.token_signing_key_secret_arn), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(secretFile(c.db_secret_arn), JSON.stringify({ username: 'postgres', password: 'trust-auth-ignores-it' }));
  const tlsArn = exampleValue(tree, 'agent_tls_secret_arn');
  fs.writeFileSync(secretFile(tlsArn), JSON.stringify(selfSignedCertificate(work)));
  execFileSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', database]);

  const baseEnv = { PATH: `${stubs}:${process.env.PATH}`, HOME: process.env.HOME || work, LANG: 'C.UTF-8' };
  if (process.env.JAVA_HOME) baseEnv.JAVA_HOME = process.env.JAVA_HOME;

  // Controller: render, lay out, ExecStartPre, environment.
  const controllerRoot = path.join(work, 'controller');
  const cIn = await templateInputs(tree, 'modules/controller');
  const cConfig = parseCloudConfig(await renderTemplate('controller', fs.readFileSync(cIn.template, 'utf8'), cIn.inputs));
  layFiles(controllerRoot, cConfig);
  run(path.join(controllerRoot, 'opt/meridian/sbin/controller-prestart'), baseEnv);
  const keyFile = path.join(controllerRoot, 'run/meridian/token-signing-key.pem');
  assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the signing key file is private to its owner');
  const controller = unitEnvironment(controllerRoot, 'etc/systemd/system/meridian-controller.service');
  assert.equal(controller.env.MERIDIAN_TOKEN_SIGNING_KEY, keyFile, 'MERIDIAN_TOKEN_SIGNING_KEY names the key file');
  assert.equal(controller.env.MERIDIAN_OPERATOR_TOKEN, operatorToken);
  for (const [prefix] of c.agent_credential_secrets.split(' ').map((p) => p.split('='))) {
    const region = prefix.replace(/-$/, '');
    const arn = c.agent_credential_secrets.split(' ').find((p) => p.startsWith(`${region}-=`)).split('=')[1];
    assert.match(fs.readFileSync(secretFile(arn), 'utf8'), new RegExp(`^${region}-\\*\\.[A-Za-z0-9_-]{43}$`), `credential for ${region}`);
  }

  const httpPort = await freeTcpPort();
  const grpcPort = await freeTcpPort();
  const geoip = geoipDatabase();
  const controllerEnv = {
    ...baseEnv,
    ...controller.env,
    MERIDIAN_HTTP_PORT: String(httpPort),
    MERIDIAN_GRPC_PORT: String(grpcPort),
    MERIDIAN_DB_URL: `jdbc:postgresql://127.0.0.1:5432/${database}`,
    // install-release copies the GeoIP database from S3 to the rendered path; the repository's copy stands in.
    MERIDIAN_GEOIP_DB: geoip || '',
  };
  assert.match(controller.env.MERIDIAN_DB_URL, /^jdbc:postgresql:\/\/[^/]+:\d+\/\w+$/);
  assert.match(controller.env.MERIDIAN_HTTP_PORT, /^\d+$/);
  assert.match(controller.env.MERIDIAN_GRPC_PORT, /^\d+$/);
  const controllerProcess = start('controller', 'controller', controllerEnv, work);
  children.push(controllerProcess);

  // Agent: the same steps; its credential comes from the secret the controller wrote.
  const agentRoot = path.join(work, 'agent');
  const aIn = await templateInputs(tree, 'modules/media-agent-region');
  const aConfig = parseCloudConfig(await renderTemplate('media-agent', fs.readFileSync(aIn.template, 'utf8'), aIn.inputs));
  layFiles(agentRoot, aConfig);
  run(path.join(agentRoot, 'opt/meridian/sbin/agent-prestart'), baseEnv);
  const agent = unitEnvironment(agentRoot, 'etc/systemd/system/meridian-agent.service');
  const agentId = `eu-west-1-${INSTANCE_ID}`;
  assert.equal(agent.env.MERIDIAN_AGENT_ID, agentId);
  assert.match(agent.env.MERIDIAN_AGENT_CREDENTIAL, /^eu-west-1-\*\./);
  assert.equal(agent.env.MERIDIAN_FLEET_TOKEN, undefined, 'agents never hold the fleet key');
  assert.deepEqual(agent.env.MERIDIAN_CONTROLLER.split(','), a.controller_address.split(','));

  const signalingPort = await freeTcpPort();
  // Every rendered replica address becomes the one local controller; the load balancer terminated TLS.
  const controllerList = [...new Set(agent.env.MERIDIAN_CONTROLLER.split(',').map(() => `127.0.0.1:${grpcPort}`))].join(',');
  const agentEnv = {
    ...baseEnv,
    ...agent.env,
    MERIDIAN_CONTROLLER: controllerList,
    MERIDIAN_CONTROLLER_TLS: 'false',
    MERIDIAN_AGENT_HTTP_PORT: String(signalingPort),
    QUARKUS_HTTP_SSL_PORT: String(signalingPort),
    QUARKUS_HTTP_HOST: '127.0.0.1',
    MERIDIAN_AGENT_MEDIA_PORT: String(await freeUdpPort()),
    MERIDIAN_AGENT_RELAY_PORT: String(await freeUdpPort()),
    MERIDIAN_AGENT_PUBLIC_HOST: '127.0.0.1',
  };
  const agentProcess = start('media-agent', 'media-agent', agentEnv, work);
  children.push(agentProcess);

  const base = `http://127.0.0.1:${httpPort}`;
  await until('controller ready', controllerProcess, async () => {
    const res = await fetch(`${base}/q/health/ready`);
    return { ok: res.status === 200, why: `ready answered ${res.status}: ${(await res.text()).slice(0, 300)}` };
  });
  // What the load balancer's gRPC health check asks, without credentials: status OK, SERVING (field 1 = 1).
  const health = await grpcProbe(grpcPort, grpcHealthCheckPath(tree));
  assert.equal(health.status, '0', 'the gRPC health check gets status OK without credentials');
  assert.deepEqual([...health.body], [0, 0, 0, 0, 2, 0x08, 0x01], 'the health service answers SERVING');
  const unauthenticated = await fetch(`${base}/v1/agents`);
  assert.equal(unauthenticated.status, 401, 'the fleet listing needs the operator token');
  const listed = await until('agent listed as up', agentProcess, async () => {
    const res = await fetch(`${base}/v1/agents`, { headers: { authorization: `Bearer ${operatorToken}` } });
    if (res.status !== 200) return { ok: false, why: `GET /v1/agents answered ${res.status}` };
    const agents = await res.json();
    const found = agents.find((x) => x.agentId === agentId);
    return { ok: Boolean(found && found.state === 'up'), value: found, why: `agents: ${JSON.stringify(agents)}` };
  });
  assert.equal(listed.region, 'eu-west-1');
  const log = fs.readFileSync(controllerProcess.logFile, 'utf8');
  const pem = fs.readFileSync(keyFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----'));
  assert.ok(pem.every((l) => !log.includes(l)), 'the controller never logs its signing key');
});
