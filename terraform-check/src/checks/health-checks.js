'use strict';
/**
 * Load-balancer health checks reach what answers without credentials. A gRPC target group
 * (protocol_version = "GRPC") must probe the standard health service, /grpc.health.v1.Health/Check, and
 * expect gRPC status 0: the controller answers it unauthenticated, while any other gRPC path meets
 * AgentLink's authentication (UNAUTHENTICATED, 16) or does not exist (UNIMPLEMENTED, 12), and the
 * instances would be marked unhealthy and replaced forever.
 */
const { bodies } = require('../tree');

const GRPC_HEALTH_PATH = '/grpc.health.v1.Health/Check';

async function check(ctx, mod) {
  for (const [key, res] of mod.resources) {
    if (res.type !== 'aws_lb_target_group') continue;
    if (String(res.body.protocol_version || '').toUpperCase() !== 'GRPC') continue;
    const hc = bodies(res.body.health_check)[0];
    const where = ['resource', res.type, res.name];
    if (!hc) {
      ctx.report('health-checks', res.file, where, `${key} is a gRPC target group without a health_check; probe ${GRPC_HEALTH_PATH}`);
      continue;
    }
    if (hc.path !== GRPC_HEALTH_PATH) {
      ctx.report('health-checks', res.file, where, `${key} health check path ${JSON.stringify(hc.path)} is not the unauthenticated gRPC health service ${GRPC_HEALTH_PATH}`);
    }
    if (String(hc.matcher) !== '0') {
      ctx.report('health-checks', res.file, where, `${key} health check matcher ${JSON.stringify(hc.matcher)} must be "0" (gRPC OK = serving)`);
    }
    if (hc.port !== undefined && hc.port !== 'traffic-port') {
      ctx.report('health-checks', res.file, where, `${key} health check port ${JSON.stringify(hc.port)} must be "traffic-port", the gRPC server's port`);
    }
  }
}

module.exports = { check, GRPC_HEALTH_PATH };
