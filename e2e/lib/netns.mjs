// Runs an e2e test file inside a private network namespace of its own, so that everything it starts (controller,
// agents, Chromium) talks only to addresses inside that namespace.
//
// Why: Chromium never gathers ICE candidates on the loopback interface, so a browser and an agent on 127.0.0.1
// cannot exchange media. Inside the namespace a veth pair carries MEDIA_HOST (a documentation address,
// RFC 5737), Chromium gathers its host candidate there, and the agent announces it. Nothing is routed out: the
// namespace's default route leads into the veth pair, which has no link to the machine's network.
import { spawnSync } from 'node:child_process';
import { ensureGeoIpDatabase } from './geoip.mjs';

/** The address media travels over inside the namespace; agents announce it as MERIDIAN_AGENT_PUBLIC_HOST. */
export const MEDIA_HOST = '198.51.100.1';

const SETUP = [
  'set -e',
  'ip link set lo up',
  'ip link add meridian0 type veth peer name meridian1',
  `ip addr add ${MEDIA_HOST}/24 dev meridian0`,
  'ip link set meridian0 up',
  'ip link set meridian1 up',
  // Firefox gathers host candidates only on the interface of the default route; this one leads nowhere.
  'ip route add default dev meridian0',
  'exec "$@"',
].join('; ');

/**
 * Call at the top of a test file. Outside the namespace it re-runs this very process inside a fresh one (needs
 * root, `unshare` and `ip` from iproute2) and exits with its status; inside, it returns and the file runs.
 * The test runner's protocol on stdout passes straight through. First it makes sure the GeoLite2 database is
 * there (ensureGeoIpDatabase): bin/controller fetches a missing one, which inside the namespace would hang.
 */
export function isolateNetwork() {
  if (process.env.MERIDIAN_E2E_NETNS === '1') return;
  ensureGeoIpDatabase();
  const result = spawnSync(
    'unshare',
    ['--net', '--', 'sh', '-c', SETUP, 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, MERIDIAN_E2E_NETNS: '1' } },
  );
  if (result.error) {
    process.stderr.write(`e2e: cannot create a network namespace (${result.error.message}); run as root with util-linux and iproute2\n`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
