#!/usr/bin/env node
'use strict';
/** Usage: node src/cli.js [terraform-dir]  — exits 1 when any problem is found. */
const path = require('node:path');
const { checkTree, format } = require('./index');

async function main() {
  const root = process.argv[2] || path.join(__dirname, '..', '..', 'terraform');
  const result = await checkTree(root);
  for (const w of result.warnings) console.log(`warning: ${format(w)}`);
  for (const p of result.problems) console.error(format(p));
  const summary = `terraform-check: ${result.modules.length} modules, ${result.files} files, ${result.problems.length} problems, ${result.warnings.length} warnings`;
  if (result.problems.length > 0) {
    console.error(summary);
    process.exitCode = 1;
  } else {
    console.log(summary);
  }
}

main().catch((error) => {
  console.error(`terraform-check failed: ${error.stack || error}`);
  process.exitCode = 2;
});
