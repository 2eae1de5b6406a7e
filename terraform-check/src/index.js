'use strict';
/**
 * Runs every check over a Terraform tree and returns {problems, warnings, modules, files}; each finding
 * is {check, file (path shown from the tree's own directory name), line, message}.
 */
const { loadTree } = require('./tree');
const { locate, locateText } = require('./locate');
const { childOf } = require('./checks/modules');
const secrets = require('./checks/secrets');

const CHECKS = [
  require('./checks/variables'),
  require('./checks/references'),
  require('./checks/modules'),
  require('./checks/providers'),
  require('./checks/security-groups'),
  require('./checks/health-checks'),
  secrets,
  require('./checks/templates'),
];

async function checkTree(root) {
  const tree = await loadTree(root);
  const problems = tree.parseProblems.map((p) => ({ check: p.check, file: p.file.display, line: p.line, message: p.message }));
  const warnings = [];
  const finding = (check, file, where, message, needle) => {
    let line = null;
    if (needle) line = locateText(file, needle);
    if (line === null && Array.isArray(where)) line = locate(file, where);
    return { check, file: file ? file.display : tree.label, line, message };
  };
  const ctx = {
    tree,
    report: (...args) => problems.push(finding(...args)),
    warn: (...args) => warnings.push(finding(...args)),
    reportAt: (check, shownFile, line, message) => problems.push({ check, file: shownFile, line, message }),
    childOf: (mod, name) => childOf(ctx, mod, name),
  };
  if (tree.modules.size === 0) {
    problems.push({ check: 'tree', file: tree.label, line: null, message: 'no .tf files found' });
  }
  for (const mod of tree.modules.values()) {
    for (const c of CHECKS) await c.check(ctx, mod);
  }
  secrets.scanFiles(ctx);
  const order = (a, b) => a.file.localeCompare(b.file) || (a.line || 0) - (b.line || 0) || a.message.localeCompare(b.message);
  const unique = (list) => [...new Map(list.map((f) => [`${f.check}|${f.file}|${f.line}|${f.message}`, f])).values()];
  return {
    problems: unique(problems).sort(order),
    warnings: unique(warnings).sort(order),
    modules: [...tree.modules.keys()],
    files: [...tree.modules.values()].reduce((n, m) => n + m.files.length, 0),
  };
}

/** "terraform/modules/x/main.tf:12: [check] message" */
function format(finding) {
  const where = finding.line ? `${finding.file}:${finding.line}` : finding.file;
  return `${where}: [${finding.check}] ${finding.message}`;
}

module.exports = { checkTree, format };
