// The per-file setup the browser e2e tests share: one stack started before the file's tests, the participants
// they join closed after them, and the processes' logs appended to a failure. Import after isolateNetwork().
import { after, before } from 'node:test';
import { startStack } from './stack.mjs';
import { joinAsParticipant } from './participant.mjs';
import { AMERICA, EUROPE, forwardingProxy } from './forwarding-proxy.mjs';

/**
 * Registers hooks that start a stack with `stackOptions` (see startStack) and then run `onStart(stack)` before
 * this file's tests; after them, close every participant joined through the fixture, run `onStop()` and stop the
 * stack. The file's own setup goes in onStart/onStop: a second top-level before() would run concurrently.
 * @returns {{stack: object, join: Function, joinAll: Function, withLogs: Function}} `stack` is set once started
 */
export function useStack(stackOptions, { logLines = 60, onStart = async () => {}, onStop = async () => {} } = {}) {
  const open = [];
  const fixture = {
    stack: undefined,
    /**
     * Joins `id` to `conference` through `baseUrl` (default: the controller) in `options.browser` ('chromium' or
     * 'firefox'), from `options.from` (a city of the demo page's "Join from") when given; closed after the file.
     */
    async join(conference, id, baseUrl = fixture.stack.baseUrl, options = {}) {
      const p = await joinAsParticipant(baseUrl ?? fixture.stack.baseUrl, conference, id, options);
      open.push(p);
      return p;
    },
    /** Joins `ids` one after the other, as join does. */
    async joinAll(conference, ids, baseUrl) {
      const joined = [];
      for (const id of ids) joined.push(await fixture.join(conference, id, baseUrl));
      return joined;
    },
    /** Runs `fn`, appending the tail of every process's log to its failure. */
    async withLogs(fn) {
      try {
        await fn();
      } catch (e) {
        e.message += `\n${fixture.stack.logs(logLines)}`;
        throw e;
      }
    },
  };
  before(async () => {
    fixture.stack = await startStack(stackOptions);
    await onStart(fixture.stack);
  }, { timeout: 180_000 });
  after(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
    await onStop();
    await fixture.stack?.stop();
  }, { timeout: 60_000 });
  return fixture;
}

/**
 * useStack with an agent in eu-west-1 and one in us-east-1, and a trusted forwarding proxy per continent
 * (lib/forwarding-proxy.mjs) so that browsers on this machine join "from" Europe or America: `via.europe.url` and
 * `via.america.url` are the controller's addresses as seen from there, set once the stack started.
 */
export function useTwoContinents(geoIpDatabase, stackHooks = {}) {
  process.env.MERIDIAN_TRUSTED_PROXIES = '127.0.0.1/32';
  process.env.MERIDIAN_GEOIP_DB = geoIpDatabase;
  const via = {};
  const fixture = useStack({ agents: [{ id: 'agent-eu', region: 'eu-west-1' }, { id: 'agent-us', region: 'us-east-1' }] }, {
    ...stackHooks,
    async onStart(stack) {
      via.europe = await forwardingProxy(stack.baseUrl, EUROPE);
      via.america = await forwardingProxy(stack.baseUrl, AMERICA);
    },
    async onStop() {
      await via.europe?.close();
      await via.america?.close();
    },
  });
  return { e2e: fixture, via };
}
