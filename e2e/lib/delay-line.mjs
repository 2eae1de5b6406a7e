// A userspace UDP delay line: what `tc netem delay` does to a link, for kernels without sch_netem.
//
// It listens on one address and forwards every datagram to one target after holding it `delayMs`, in arrival
// order. Each client (source address) gets a socket of its own towards the target, so the target's answers to that
// socket come back, held `delayMs` too, to that client from the listening address — a UDP proxy, as a NAT 1:1
// mapping or a TURN-like relay would be. A process that announces the line's address instead of its own (an agent's
// MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS) is thus `delayMs` further away from everyone who sends to it.
//
// Bounded: at most `maxClients` client sockets and `maxQueued` held datagrams (the rest are dropped and counted),
// and close() releases everything. While blocked, every datagram is dropped (counted): a link that is down.
//
// Library: `const line = await startDelayLine({ listen, target, delayMs })`. Command line, for trying it by hand:
//   node e2e/lib/delay-line.mjs <listen host:port> <target host:port> <delay ms>
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** "host:port" → {host, port}; IPv4 or a host name (the e2e namespaces are IPv4). */
export function parseHostPort(text) {
  const match = /^([^\s:]+):(\d{1,5})$/.exec(String(text));
  const port = match ? Number(match[2]) : -1;
  if (!match || port > 65535) throw new Error(`expected host:port, got '${text}'`);
  return { host: match[1], port };
}

function bind(socket, port, host) {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts a delay line.
 * @param {{listen: {host: string, port?: number}, target: {host: string, port: number}, delayMs: number,
 *   maxClients?: number, maxQueued?: number, blocked?: boolean}} options
 * @returns {Promise<{address: {host: string, port: number}, stats: object, block: () => void,
 *   unblock: () => void, close: () => Promise<void>}>}
 */
export async function startDelayLine({ listen, target, delayMs, maxClients = 64, maxQueued = 10_000, blocked = false }) {
  if (!(delayMs >= 0)) throw new Error(`delayMs must be >= 0, got ${delayMs}`);
  const stats = {
    forwarded: 0, // client → target
    returned: 0, // target → client
    dropped: { blocked: 0, queueFull: 0, tooManyClients: 0, notFromTarget: 0, sendFailed: 0 },
    heldMs: { min: Infinity, max: 0, total: 0, count: 0 }, // how long datagrams were actually held
  };
  const queue = []; // FIFO of {due, at, payload, socket, port, host, counter}; one delay, so arrival order = due order
  let head = 0;
  let timer = null;
  let closed = false;
  const clients = new Map(); // "address:port" of a client → its socket towards the target
  const front = createSocket('udp4');
  front.on('error', () => { stats.dropped.sendFailed += 1; });

  function flush() {
    timer = null;
    const now = performance.now();
    while (head < queue.length && queue[head].due <= now) {
      const d = queue[head];
      queue[head++] = undefined;
      const held = now - d.at;
      stats.heldMs.min = Math.min(stats.heldMs.min, held);
      stats.heldMs.max = Math.max(stats.heldMs.max, held);
      stats.heldMs.total += held;
      stats.heldMs.count += 1;
      d.socket.send(d.payload, d.port, d.host, (err) => {
        if (err) stats.dropped.sendFailed += 1;
        else stats[d.counter] += 1;
      });
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    }
    arm(now);
  }

  function arm(now = performance.now()) {
    if (timer || closed || head === queue.length) return;
    // Timers may fire up to a millisecond early: flush() re-arms until the head is really due.
    timer = setTimeout(flush, Math.max(0, Math.ceil(queue[head].due - now)));
  }

  function hold(payload, socket, port, host, counter) {
    if (closed) return;
    if (blocked) {
      stats.dropped.blocked += 1;
      return;
    }
    if (queue.length - head >= maxQueued) {
      stats.dropped.queueFull += 1;
      return;
    }
    const at = performance.now();
    queue.push({ due: at + delayMs, at, payload, socket, port, host, counter });
    arm(at);
  }

  function clientSocket(rinfo) {
    const key = `${rinfo.address}:${rinfo.port}`;
    let socket = clients.get(key);
    if (socket) return socket;
    if (clients.size >= maxClients) return null;
    socket = createSocket('udp4');
    socket.on('error', () => { stats.dropped.sendFailed += 1; });
    socket.on('message', (payload, from) => {
      if (from.address !== target.host || from.port !== target.port) {
        stats.dropped.notFromTarget += 1;
        return;
      }
      hold(payload, front, rinfo.port, rinfo.address, 'returned');
    });
    clients.set(key, socket); // unbound: the first send binds it to an ephemeral port
    return socket;
  }

  front.on('message', (payload, rinfo) => {
    if (blocked) {
      stats.dropped.blocked += 1;
      return;
    }
    const socket = clientSocket(rinfo);
    if (!socket) {
      stats.dropped.tooManyClients += 1;
      return;
    }
    hold(payload, socket, target.port, target.host, 'forwarded');
  });
  await bind(front, listen.port ?? 0, listen.host);

  return {
    address: { host: listen.host, port: front.address().port },
    stats,
    /** Drops everything from now on, held datagrams included: the link is down. */
    block() {
      blocked = true;
      stats.dropped.blocked += queue.length - head;
      queue.length = 0;
      head = 0;
      clearTimeout(timer);
      timer = null;
    },
    /** Passes datagrams again. */
    unblock() {
      blocked = false;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      queue.length = 0;
      const sockets = [front, ...clients.values()];
      clients.clear();
      await Promise.all(sockets.map((s) => new Promise((resolve) => {
        try {
          s.close(resolve);
        } catch {
          resolve(); // never bound, or closed already
        }
      })));
    },
  };
}

// Command line: run until interrupted, printing the listening address and, on exit, the counters.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [listen, target, delay] = process.argv.slice(2);
  if (!listen || !target || delay === undefined) {
    process.stderr.write('usage: node delay-line.mjs <listen host:port> <target host:port> <delay ms>\n');
    process.exit(2);
  }
  const line = await startDelayLine({ listen: parseHostPort(listen), target: parseHostPort(target), delayMs: Number(delay) });
  process.stdout.write(`delay line ${line.address.host}:${line.address.port} → ${target}, ${delay} ms each way\n`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await line.close();
      process.stdout.write(`${JSON.stringify(line.stats)}\n`);
      process.exit(0);
    });
  }
}
