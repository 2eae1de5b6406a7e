'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { isPinned } = require('../src/checks/providers');
const { isSecretName } = require('../src/checks/secrets');
const { parseFile, templateAst, references } = require('../src/hcl');

test('version constraints count as pinned only with an upper bound', () => {
  for (const c of ['~> 6.0', '>= 6.0.0, < 7.0.0', '6.1.0', '= 6.1.0', '<= 6.9']) assert.ok(isPinned(c), c);
  for (const c of ['>= 6.0', '> 5', '', '!= 6.0.1', undefined]) assert.ok(!isPinned(c), String(c));
});

test('secret-like names are told apart from the metadata that names secrets', () => {
  for (const n of ['password', 'db_password', 'secret_string_wo', 'fleet_token', 'private_key_pem', 'api_key']) assert.ok(isSecretName(n), n);
  for (const n of ['fleet_token_secret_arn', 'secret_id', 'password_wo_version', 'password_length', 'http_tokens', 'kms_key_id', 'key_name', 'description']) {
    assert.ok(!isSecretName(n), n);
  }
});

test('references skip names bound by for expressions and see inside value expressions', async () => {
  const ast = await templateAst('t.tf', '${{ for k, v in var.m : k => local.x[v] if v != module.y.z }}');
  assert.deepEqual(references(ast).map((r) => r.names.join('.')).sort(), ['local.x', 'module.y.z', 'var.m']);
});

test('escaped template sequences are not references', async () => {
  const ast = await templateAst('t.tf', 'echo $${HOME} %%{literal} ${var.a}');
  assert.deepEqual(references(ast).map((r) => r.text), ['var.a']);
});

test('the parser reports syntax errors with file and line', async () => {
  await assert.rejects(parseFile('bad.tf', 'variable "x" {\n  type = \n}\n'), /bad\.tf:\d+/);
});
