// Meridian operator CLI (bin/meridian) and the one implementation of grant and agent-credential minting,
// shared with the e2e tests. Node's crypto only: works from a fresh clone with node >= 20, no npm install.
import { createHmac, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const b64url = (data) => Buffer.from(data).toString('base64url');

/**
 * A join grant: JWT HS256 signed with the application's secret (docs/security.md).
 * @param {{key: string, secret: string}} app
 * @param {{conference: string, identity: string, permissions?: string[], ttlSeconds?: number, name?: string}} claims
 */
export function mintGrant(app, { conference, identity, permissions = ['publish', 'subscribe'], ttlSeconds = 600, name }) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: app.key, sub: identity, conference, permissions, iat: now, nbf: now, exp: now + ttlSeconds, jti: randomUUID() };
  if (name) payload.name = name;
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${createHmac('sha256', app.secret).update(signingInput).digest('base64url')}`;
}

/** An agent's credential `<agentId>.<mac>` under the fleet key (an id ending in `*` covers a prefix). */
export function agentCredential(fleetKey, agentId) {
  return `${agentId}.${createHmac('sha256', fleetKey).update(`meridian-agent:v1:${agentId}`).digest('base64url')}`;
}

const USAGE = `usage:
  meridian token --api-key K [--secret S | env MERIDIAN_APP_SECRET] --conference C --identity I
                 [--permissions publish,subscribe,admin] [--ttl SECONDS] [--name N]
  meridian agent-credential [--fleet-token T | env MERIDIAN_FLEET_TOKEN] --agent-id ID   (ID may end in *)
  meridian apps list|create KEY|rotate KEY|remove-secret KEY SECRET_ID|delete KEY
                 [--controller URL] [--operator-token T | env MERIDIAN_OPERATOR_TOKEN]`;

function parse(argv) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
      options[argv[i].slice(2)] = value;
      i++;
    } else {
      positional.push(argv[i]);
    }
  }
  return { options, positional };
}

function need(options, name, envName) {
  const value = options[name] ?? (envName ? process.env[envName] : undefined);
  if (!value) throw new Error(`missing --${name}${envName ? ` (or ${envName})` : ''}`);
  return value;
}

async function apps(positional, options) {
  const base = (options.controller ?? 'http://localhost:8080').replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${need(options, 'operator-token', 'MERIDIAN_OPERATOR_TOKEN')}`, accept: 'application/json' };
  const [command, key, secretId] = positional;
  const calls = {
    list: () => ['GET', '/v1/apps'],
    create: () => ['POST', '/v1/apps', { apiKey: key }],
    rotate: () => ['POST', `/v1/apps/${encodeURIComponent(key)}/secrets`],
    'remove-secret': () => ['DELETE', `/v1/apps/${encodeURIComponent(key)}/secrets/${encodeURIComponent(secretId)}`],
    delete: () => ['DELETE', `/v1/apps/${encodeURIComponent(key)}`],
  };
  if (!calls[command]) throw new Error(`unknown apps command '${command ?? ''}'`);
  if (command !== 'list' && !key) throw new Error(`apps ${command} needs an application key`);
  if (command === 'remove-secret' && !secretId) throw new Error('apps remove-secret needs KEY SECRET_ID');
  const [method, path, body] = calls[command]();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text || `${response.status}`;
}

export async function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') return USAGE;
  const { options, positional } = parse(rest);
  switch (command) {
    case 'token': {
      const permissions = (options.permissions ?? 'publish,subscribe').split(',').filter(Boolean);
      const ttl = Number(options.ttl ?? 600);
      if (!Number.isInteger(ttl) || ttl <= 0 || ttl > 86400) throw new Error('--ttl must be 1..86400 seconds');
      return mintGrant({ key: need(options, 'api-key'), secret: need(options, 'secret', 'MERIDIAN_APP_SECRET') }, {
        conference: need(options, 'conference'), identity: need(options, 'identity'), permissions, ttlSeconds: ttl, name: options.name,
      });
    }
    case 'agent-credential':
      return agentCredential(need(options, 'fleet-token', 'MERIDIAN_FLEET_TOKEN'), need(options, 'agent-id'));
    case 'apps':
      return apps(positional, options);
    default:
      throw new Error(`unknown command '${command}'\n${USAGE}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((out) => console.log(out), (e) => {
    console.error(`meridian: ${e.message}`);
    process.exit(2);
  });
}
