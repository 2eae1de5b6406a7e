'use strict';
/**
 * The one place that says which ports Meridian opens, per module (directory relative to terraform/).
 *
 * Each entry is a port given by a variable of that module (so the number is the operator's choice, and
 * the variable's validation keeps it a port), its protocol, who may reach it, and why:
 *   from: 'network'        — may be opened to CIDR blocks, i.e. to the internet (the variables holding
 *                            those CIDRs default to 0.0.0.0/0);
 *   from: 'security-group' — only from another security group of the same deployment.
 * Every ingress rule in the tree must match one entry of its module exactly (from_port = to_port = the
 * variable, same protocol); a module without entries may open nothing. Egress is not restricted here.
 * The names come from ../shared/ARCHITECTURE.md and terraform/README.md ("Ports").
 */
module.exports = {
  'modules/media-agent-region': [
    { protocol: 'udp', port: 'var.media_port', from: 'network', why: 'WebRTC media from browsers (MERIDIAN_AGENT_MEDIA_PORT)' },
    { protocol: 'udp', port: 'var.relay_port', from: 'network', why: 'SRTP relay from agents in other regions (MERIDIAN_AGENT_RELAY_PORT)' },
    { protocol: 'tcp', port: 'var.signaling_port', from: 'network', why: 'TLS signaling WebSocket (MERIDIAN_AGENT_HTTP_PORT)' },
  ],
  'modules/controller': [
    { protocol: 'tcp', port: 'var.https_port', from: 'network', why: 'load balancer TLS listener: REST and the agents\' gRPC' },
    { protocol: 'tcp', port: 'var.http_port', from: 'security-group', why: 'controller REST behind the load balancer (MERIDIAN_HTTP_PORT)' },
    { protocol: 'tcp', port: 'var.grpc_port', from: 'security-group', why: 'controller gRPC behind the load balancer (MERIDIAN_GRPC_PORT)' },
    { protocol: 'tcp', port: 'var.db_port', from: 'security-group', why: 'PostgreSQL, from the controller only' },
  ],
};
