// A tiny localhost HTTP server for pages the tests need before the controller serves them (secure context: localhost).
import { createServer } from 'node:http';

/** Serves `routes` (path → {type, body}) on 127.0.0.1 at a free port; resolves to {url, close}. */
export function serveStatic(routes) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type }).end(route.body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://localhost:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
