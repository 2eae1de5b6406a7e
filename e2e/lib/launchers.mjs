// The one place that says how the e2e tests start the controller and a media agent.
//
// Override with MERIDIAN_E2E_CONTROLLER_CMD / MERIDIAN_E2E_AGENT_CMD (a shell command; configuration comes in the
// environment). Defaults: the launchers bin/controller and bin/media-agent when present, else the Quarkus jars
// of a `./mvnw install -DskipTests` build run with a Java 21+ runtime.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function java() {
  const candidates = [process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java'), '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java'];
  return candidates.find((p) => p && existsSync(p)) ?? 'java';
}

function command(override, launcher, jar) {
  if (process.env[override]) return process.env[override];
  const bin = join(REPO, 'bin', launcher);
  if (existsSync(bin)) return `exec '${bin}'`;
  const path = join(REPO, jar);
  if (!existsSync(path)) {
    throw new Error(`${launcher}: neither bin/${launcher} nor ${jar} exists; build with ./mvnw -B install -DskipTests or set ${override}`);
  }
  return `exec '${java()}' -jar '${path}'`;
}

/** Shell command that starts the controller. */
export function controllerCommand() {
  return command('MERIDIAN_E2E_CONTROLLER_CMD', 'controller', 'controller/target/quarkus-app/quarkus-run.jar');
}

/** Shell command that starts one media agent. */
export function agentCommand() {
  return command('MERIDIAN_E2E_AGENT_CMD', 'media-agent', 'media-agent/target/quarkus-app/quarkus-run.jar');
}
