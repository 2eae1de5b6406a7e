'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { checkTree, format } = require('../src/index');
const { REAL_TREE } = require('../test-support/tree-copies');

test('the real terraform tree passes every check without warnings', async () => {
  const result = await checkTree(REAL_TREE);
  assert.deepEqual(result.problems.map(format), []);
  assert.deepEqual(result.warnings.map(format), []);
});

test('the real tree is read as the four modules and the three-region example', async () => {
  const result = await checkTree(REAL_TREE);
  assert.deepEqual(result.modules, ['examples/three-regions', 'modules/controller', 'modules/dns', 'modules/media-agent-region', 'modules/network']);
  assert.ok(result.files >= 20, `expected the tree's .tf files to be read, got ${result.files}`);
});
