'use strict';
/**
 * HashiCorp's HCL parser (the WebAssembly build shipped in @cdktf/hcl2json), and the references an
 * expression makes, read from the parser's own expression syntax tree rather than from text.
 */
const hcl2json = require('@cdktf/hcl2json');

// A heredoc keeps any quotes and newlines of the value as they are; the marker cannot occur in our files.
const HEREDOC_MARKER = 'MERIDIAN_TERRAFORM_CHECK_EOT';

// Each call crosses into WebAssembly (about 2 ms); the tests check many near-identical copies of one tree.
const cache = new Map();
function memo(kind, fileName, text, compute) {
  const key = `${kind}\0${fileName}\0${text}`;
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key);
}

/** Parses one .tf file into hcl2json's JSON form; throws an Error naming the file and line on bad syntax. */
async function parseFile(fileName, text) {
  const json = await memo('parse', fileName, text, async () => {
    try {
      return JSON.stringify(await hcl2json.parse(fileName, text));
    } catch (error) {
      return new Error(String(error.message || error).replace(/^parse config: /, ''));
    }
  });
  if (json instanceof Error) throw json;
  return JSON.parse(json);
}

/** True when hcl2json left a string as an expression or template (a literal string has no `${` / `%{`). */
function isExpression(value) {
  return typeof value === 'string' && /(^|[^$])\$\{|(^|[^%])%\{/.test(value);
}

/**
 * Parses a string that hcl2json produced (a template such as "a ${var.b}" or "${expr}") or a whole
 * template file, and returns its syntax tree.
 */
async function templateAst(fileName, template) {
  const ast = await memo('expression', fileName, template, async () => {
    const wrapped = `<<${HEREDOC_MARKER}\n${template}\n${HEREDOC_MARKER}\n`;
    try {
      return (await hcl2json.getExpressionAst(fileName, wrapped)) || new Error(`cannot parse ${JSON.stringify(template.slice(0, 80))}`);
    } catch (error) {
      return new Error(String(error.message || error));
    }
  });
  if (ast instanceof Error) throw ast;
  return ast;
}

/** The name segments of a traversal up to its first index step: var.a[0].b → ['var', 'a']. */
function traversalNames(node) {
  const names = [];
  for (const part of node.meta.traversal || []) {
    if (part.type !== 'nameTraversal') break;
    names.push(part.segment);
  }
  return names;
}

/** Every name segment of a traversal, indices skipped: module.m[0].out → ['module', 'm', 'out']. */
function traversalAllNames(node) {
  return (node.meta.traversal || []).filter((p) => p.type === 'nameTraversal').map((p) => p.segment);
}

/**
 * Walks a syntax tree and returns every absolute reference (scope traversal) it makes, leaving out
 * names bound by enclosing `for` expressions. Each reference: {names, allNames, text}.
 */
function references(ast, boundNames = new Set()) {
  const found = [];
  const visit = (node, bound) => {
    if (!node) return;
    if (node.type === 'scopeTraversal') {
      const names = traversalNames(node);
      if (names.length > 0 && !bound.has(names[0])) {
        found.push({ names, allNames: traversalAllNames(node), text: node.meta.value });
      }
      return;
    }
    let inner = bound;
    if (node.type === 'for') {
      inner = new Set(bound);
      if (node.meta.keyVar) inner.add(node.meta.keyVar);
      if (node.meta.valVar) inner.add(node.meta.valVar);
    }
    for (const child of node.children || []) visit(child, inner);
  };
  visit(ast, boundNames);
  return found;
}

/** Every call of the named function in a syntax tree. */
function functionCalls(ast, name) {
  const calls = [];
  const visit = (node) => {
    if (!node) return;
    if (node.type === 'function' && node.meta && node.meta.name === name) calls.push(node);
    for (const child of node.children || []) visit(child);
  };
  visit(ast);
  return calls;
}

module.exports = { parseFile, isExpression, templateAst, references, functionCalls };
