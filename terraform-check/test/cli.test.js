'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { REAL_TREE, copyTree } = require('../test-support/tree-copies');

const CLI = path.join(__dirname, '..', 'src', 'cli.js');

test('the command line exits 0 on the real tree and prints a summary', () => {
  const run = spawnSync(process.execPath, [CLI, REAL_TREE], { encoding: 'utf8', timeout: 120000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /terraform-check: 5 modules, \d+ files, 0 problems/);
});

test('the command line exits 1 on a broken copy and prints file:line and the problem', () => {
  const copy = copyTree();
  try {
    copy.replace('modules/dns/versions.tf', 'version = ">= 6.0.0, < 7.0.0"', 'version = ">= 6.0.0"');
    const run = spawnSync(process.execPath, [CLI, copy.root], { encoding: 'utf8', timeout: 120000 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /terraform\/modules\/dns\/versions\.tf:\d+: \[providers\] required provider "aws" version ">= 6\.0\.0" has no upper bound/);
    assert.match(run.stderr, /1 problems/);
  } finally {
    copy.cleanup();
  }
});
