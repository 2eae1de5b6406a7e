'use strict';
/**
 * No literal secrets. A name is secret-like when it mentions a password, secret, token or key (see
 * SECRET_NAME) and does not end in a metadata suffix such as _arn, _id or _version. Then:
 *  - an attribute, local or object field with a secret-like name must not be a literal;
 *  - a secret-like variable must have no default and be sensitive;
 *  - an output that is secret-like or reads a secret-like attribute must be sensitive and a reference,
 *    and no output may read an ephemeral resource;
 *  - no file in the tree may hold a private key block or an AWS access key id.
 */
const fs = require('node:fs');
const path = require('node:path');
const { isExpression } = require('../hcl');

const SECRET_NAME = /(password|passwd|passphrase|secret|token|private_?key|signing_?key|api_?key|access_?key|credential)/i;
const METADATA_SUFFIX = /(_arns?|_ids?|_names?|_versions?|_length|_path|_file|_uri|_url|_type|_count|_prefix|_suffix|_enabled|_days|_seconds|_ttl)$/i;
// EC2 launch template metadata option (IMDSv2 "required"/"optional"), not a credential.
const NOT_SECRETS = new Set(['http_tokens']);

const RAW_PATTERNS = [
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key block' },
  { re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
];

function isSecretName(name) {
  const bare = String(name).replace(/^"|"$/g, '');
  return SECRET_NAME.test(bare) && !METADATA_SUFFIX.test(bare) && !NOT_SECRETS.has(bare);
}

function isLiteral(value) {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && value !== '' && !isExpression(value);
}

/** The attribute names a reference reads, after the part that names the object itself. */
function attributeNames(ref) {
  const skip = { var: 1, local: 1, module: 2, data: 3, ephemeral: 3 }[ref.names[0]] ?? 2;
  return ref.allNames.slice(skip);
}

function check(ctx, mod) {
  for (const [name, { file, body }] of mod.variables) {
    if (!isSecretName(name)) continue;
    if ('default' in body && body.default !== null) {
      ctx.report('secrets', file, ['variable', name], `variable "${name}" looks like a secret and has a default value; secrets come from Secrets Manager, never from defaults`);
    }
    if (body.sensitive !== true) {
      ctx.report('secrets', file, ['variable', name], `variable "${name}" looks like a secret and is not marked sensitive = true`);
    }
  }
  for (const [name, { file, value }] of mod.locals) {
    if (isSecretName(name) && isLiteral(value)) {
      ctx.report('secrets', file, ['locals', 0, name], `local "${name}" is a literal secret; read it from Secrets Manager at boot instead`);
    }
  }
  for (const [kind, map] of [['resource', mod.resources], ['data', mod.data], ['ephemeral', mod.ephemerals]]) {
    for (const r of map.values()) literalAttributes(ctx, r.file, [kind, r.type, r.name, 0], r.body);
  }
  for (const [name, { file, body }] of mod.modules) literalAttributes(ctx, file, ['module', name, 0], body);
  for (const p of mod.providerBlocks) literalAttributes(ctx, p.file, ['provider', p.name], p.body);
  for (const file of mod.files) {
    for (const expr of file.expressions) literalFields(ctx, file, expr);
  }
  checkOutputs(ctx, mod);
}

/** Secret-like attributes (at any depth of nested blocks) holding literals. */
function literalAttributes(ctx, file, at, body) {
  if (Array.isArray(body)) {
    body.forEach((b, i) => literalAttributes(ctx, file, [...at, i], b));
    return;
  }
  if (!body || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (isSecretName(key) && isLiteral(value)) {
      ctx.report('secrets', file, [...at, key], `${at.slice(1, 3).join('.')}: "${key}" is set to a literal; secrets must come from Secrets Manager or an ephemeral resource`);
    } else if (typeof value === 'object') {
      literalAttributes(ctx, file, [...at, key], value);
    }
  }
}

/** Object constructors inside expressions, e.g. jsonencode({ password = "…" }). */
function literalFields(ctx, file, expr) {
  const visit = (node) => {
    if (!node) return;
    if (node.type === 'object' && node.meta && node.meta.items) {
      for (const [key, source] of Object.entries(node.meta.items)) {
        const literal = /^"[^"]*"$/.test(source) && !source.includes('${') && source !== '""';
        if (isSecretName(key) && (literal || /^[0-9]+$/.test(source))) {
          ctx.report('secrets', file, expr.path, `field ${key.replace(/"/g, '')} = ${source} is a literal secret inside an expression`);
        }
      }
    }
    for (const child of node.children || []) visit(child);
  };
  visit(expr.ast);
}

function checkOutputs(ctx, mod) {
  for (const [name, { file, body }] of mod.outputs) {
    const at = ['output', name];
    const exprs = file.expressions.filter((e) => e.path[0] === 'output' && e.path[1] === name && e.path[3] === 'value');
    const refs = exprs.flatMap((e) => e.refs);
    if (refs.some((r) => r.names[0] === 'ephemeral')) {
      ctx.report('secrets', file, at, `output "${name}" reads an ephemeral value; ephemeral secrets must never leave the apply`);
    }
    const secretRef = refs.find((r) => attributeNames(r).some(isSecretName) || (r.names[0] === 'var' && isSecretName(r.names[1])));
    if (!isSecretName(name) && !secretRef) continue;
    const why = secretRef ? `reads ${secretRef.text}` : 'has a secret-like name';
    if (!('value' in body) || !(exprs.length > 0)) {
      ctx.report('secrets', file, at, `output "${name}" ${why} and is a literal; outputs may only pass secrets by reference`);
    }
    if (body.sensitive !== true) {
      ctx.report('secrets', file, at, `output "${name}" ${why} and is not marked sensitive = true`);
    }
  }
}

/** Private keys or access keys anywhere in the tree (templates and examples included). */
function scanFiles(ctx) {
  const visit = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['.terraform', 'node_modules', '.git'].includes(e.name)) visit(abs);
        continue;
      }
      const text = fs.readFileSync(abs, 'utf8');
      if (text.includes('\0')) continue;
      const lines = text.split('\n');
      for (const { re, what } of RAW_PATTERNS) {
        const i = lines.findIndex((l) => re.test(l));
        if (i >= 0) ctx.reportAt('secrets', ctx.tree.display(abs), i + 1, `holds ${what}; secrets belong in Secrets Manager`);
      }
    }
  };
  visit(ctx.tree.root);
}

module.exports = { check, scanFiles, isSecretName };
