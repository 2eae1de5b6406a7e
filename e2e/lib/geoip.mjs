// Where the e2e tests find the GeoLite2 database that places their clients, fetched while the network is reachable.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The GeoLite2 City database path (MERIDIAN_GEOIP_DB, else data/geoip/GeoLite2-City.mmdb). Call before
 * isolateNetwork(): outside the namespace a missing database is fetched with bin/fetch-geoip (idempotent), and
 * the process exits with a clear message when that fails.
 */
export function ensureGeoIpDatabase() {
  const path = process.env.MERIDIAN_GEOIP_DB
    || fileURLToPath(new URL('../../data/geoip/GeoLite2-City.mmdb', import.meta.url));
  if (process.env.MERIDIAN_E2E_NETNS !== '1' && !existsSync(path)) {
    const fetched = spawnSync(fileURLToPath(new URL('../../bin/fetch-geoip', import.meta.url)), { stdio: 'inherit' });
    if (fetched.status !== 0) {
      process.stderr.write('e2e: no GeoLite2 database; run bin/fetch-geoip or set MERIDIAN_GEOIP_DB\n');
      process.exit(1);
    }
  }
  return path;
}
