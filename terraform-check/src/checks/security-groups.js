'use strict';
/**
 * Security groups open only documented ports (src/documented-ports.js). Ingress is read from all three
 * ways the AWS provider expresses it: inline `ingress` blocks (and `dynamic "ingress"`) of
 * aws_security_group, aws_security_group_rule with type = "ingress", and
 * aws_vpc_security_group_ingress_rule.
 */
const { bodies } = require('../tree');
const DOCUMENTED = require('../documented-ports');

const NETWORK_SOURCES = ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6', 'prefix_list_ids', 'prefix_list_id'];
const GROUP_SOURCES = ['security_groups', 'source_security_group_id', 'referenced_security_group_id', 'self'];

/** "${var.x}" → "var.x"; 22 or "22" → "22". */
function portText(value) {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return String(value);
  const m = /^\$\{\s*(.+?)\s*\}$/.exec(value);
  return m ? m[1] : value;
}

function protocolText(value) {
  const p = portText(value).toLowerCase();
  return { 6: 'tcp', 17: 'udp', '-1': 'all', all: 'all' }[p] || p;
}

function present(v) {
  if (v === undefined || v === null || v === false) return false;
  return !(Array.isArray(v) && v.length === 0);
}

/** Where a rule lets traffic in from: {kind: 'network'|'security-group'|'nothing', text}. */
function sourceOf(body) {
  const net = NETWORK_SOURCES.filter((k) => present(body[k]));
  if (net.length > 0) {
    const text = net.map((k) => [].concat(body[k]).map(portText).join(', ')).join(', ');
    return { kind: 'network', text };
  }
  if (GROUP_SOURCES.some((k) => present(body[k]))) return { kind: 'security-group', text: 'a security group' };
  return { kind: 'nothing', text: 'nowhere' };
}

function rule(file, at, body, protocolKey) {
  return { file, at, protocol: protocolText(body[protocolKey]), from: portText(body.from_port), to: portText(body.to_port), source: sourceOf(body) };
}

/** Every ingress rule a module declares. */
function ingressRules(mod) {
  const rules = [];
  for (const r of mod.resources.values()) {
    const at = ['resource', r.type, r.name];
    if (r.type === 'aws_security_group') {
      bodies(r.body.ingress).forEach((b, i) => rules.push(rule(r.file, [...at, 0, 'ingress', i], b, 'protocol')));
      for (const [label, list] of Object.entries(r.body.dynamic || {})) {
        if (label !== 'ingress') continue;
        for (const d of bodies(list)) {
          bodies(d.content).forEach((b) => rules.push(rule(r.file, [...at, 0, 'dynamic', 'ingress'], b, 'protocol')));
        }
      }
    } else if (r.type === 'aws_security_group_rule' && r.body.type !== 'egress') {
      rules.push(rule(r.file, at, r.body, 'protocol'));
    } else if (r.type === 'aws_vpc_security_group_ingress_rule') {
      rules.push(rule(r.file, at, r.body, 'ip_protocol'));
    }
  }
  return rules;
}

function describe(entries) {
  return entries.length === 0 ? 'none' : entries.map((e) => `${e.protocol} ${e.port} (${e.from})`).join(', ');
}

function check(ctx, mod) {
  const documented = DOCUMENTED[mod.rel] || [];
  for (const entry of documented) {
    const name = entry.port.replace(/^var\./, '');
    const v = mod.variables.get(name);
    if (!v) {
      const file = mod.files.find((f) => f.abs.endsWith('variables.tf')) || mod.files[0];
      ctx.report('security-groups', file, null, `documented port ${entry.port} of ${mod.rel} has no variable "${name}"`);
    } else if (!Array.isArray(v.body.validation)) {
      ctx.report('security-groups', v.file, ['variable', name], `documented port variable "${name}" has no validation block`);
    }
  }
  for (const r of ingressRules(mod)) {
    const what = `${r.protocol} port ${r.from === r.to ? r.from : `${r.from}-${r.to}`} from ${r.source.text}`;
    const name = r.at.slice(1, 3).join('.');
    const entry = documented.find((e) => e.protocol === r.protocol && e.port === r.from && e.port === r.to);
    if (!entry) {
      ctx.report('security-groups', r.file, r.at,
        `${name} opens ${what}, which is not a documented port of ${mod.rel} (documented: ${describe(documented)}; see terraform-check/src/documented-ports.js)`);
    } else if (entry.from === 'security-group' && r.source.kind !== 'security-group') {
      ctx.report('security-groups', r.file, r.at,
        `${name} opens ${what}, but ${entry.port} may only be reached from another security group (${entry.why})`);
    }
  }
}

module.exports = { check, ingressRules };
