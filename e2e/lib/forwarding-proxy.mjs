// A trusted proxy in front of the controller that makes every request come from one continent: the e2e tests'
// way of placing browsers that all run on one machine. The controller must trust it (MERIDIAN_TRUSTED_PROXIES
// 127.0.0.1/32) and locate clients with GeoLite2 (MERIDIAN_GEOIP_DB).
import http from 'node:http';

/** RIPE NCC, Amsterdam: GeoLite2 places it in the Netherlands. */
export const EUROPE = '193.0.6.139';
/** Level 3, United States. */
export const AMERICA = '4.2.2.2';

/**
 * A trusted proxy in front of the controller for clients of one continent: forwards every request, adding
 * `X-Forwarded-For: clientAddress`. Returns {url, close}.
 */
export async function forwardingProxy(target, clientAddress) {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = http.request({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-for': clientAddress },
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e.message));
    });
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
