'use strict';
/**
 * Loads a Terraform tree: every directory holding .tf files is a module; each file is parsed with
 * HCL's parser, its declarations indexed, and every expression in it parsed into a syntax tree.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseFile, isExpression, templateAst, references } = require('./hcl');

const SKIPPED_DIRS = new Set(['.terraform', 'node_modules', '.git']);

/** Directories under root (root included) that hold at least one .tf file, sorted. */
function moduleDirs(root) {
  const found = [];
  const visit = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) found.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) visit(path.join(dir, e.name));
    }
  };
  visit(root);
  return found.sort();
}

/** A block list from hcl2json: blocks are arrays of bodies; tolerate a lone object. */
function bodies(value) {
  if (Array.isArray(value)) return value.filter((b) => b && typeof b === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

/** The literal name a `${name}` or plain string holds, or null. */
function bareName(value) {
  if (typeof value !== 'string') return null;
  const m = /^(?:\$\{)?\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}?$/.exec(value);
  return m ? m[1] : null;
}

function newModule(dir, rel) {
  return {
    dir,
    rel,
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    modules: new Map(),
    resources: new Map(),
    data: new Map(),
    ephemerals: new Map(),
    providerBlocks: [],
    terraformBlocks: [],
    requiredProviders: new Map(),
    duplicates: [],
    tfvars: [],
  };
}

function declare(mod, kind, map, key, entry) {
  if (map.has(key)) mod.duplicates.push({ kind, key, first: map.get(key).file, second: entry.file });
  else map.set(key, entry);
}

/** Records the file's top-level declarations in its module. */
function index(mod, file) {
  const json = file.json;
  for (const [name, list] of Object.entries(json.variable || {})) {
    for (const body of bodies(list)) declare(mod, 'variable', mod.variables, name, { file, body });
  }
  for (const body of bodies(json.locals)) {
    for (const [name, value] of Object.entries(body)) declare(mod, 'local', mod.locals, name, { file, value });
  }
  for (const [name, list] of Object.entries(json.output || {})) {
    for (const body of bodies(list)) declare(mod, 'output', mod.outputs, name, { file, body });
  }
  for (const [name, list] of Object.entries(json.module || {})) {
    for (const body of bodies(list)) declare(mod, 'module', mod.modules, name, { file, body });
  }
  for (const [kind, key] of [['resource', 'resources'], ['data', 'data'], ['ephemeral', 'ephemerals']]) {
    for (const [type, named] of Object.entries(json[kind] || {})) {
      for (const [name, list] of Object.entries(named || {})) {
        for (const body of bodies(list)) declare(mod, kind, mod[key], `${type}.${name}`, { file, type, name, body });
      }
    }
  }
  for (const [name, list] of Object.entries(json.provider || {})) {
    for (const body of bodies(list)) mod.providerBlocks.push({ file, name, alias: bareName(body.alias), body });
  }
  for (const body of bodies(json.terraform)) {
    mod.terraformBlocks.push({ file, body });
    for (const rp of bodies(body.required_providers)) {
      for (const [name, spec] of Object.entries(rp)) {
        declare(mod, 'required provider', mod.requiredProviders, name, { file, spec });
      }
    }
  }
}

/**
 * Every expression in a parsed file, as {path, text, isKey, ast, refs}: path locates it in the JSON
 * (['resource', 'aws_lb', 'this', 0, 'subnets']); refs leave out `for` and `dynamic` iterator names.
 */
async function expressions(file) {
  const found = [];
  const walk = async (value, at, bound) => {
    if (typeof value === 'string') {
      if (isExpression(value)) found.push(await expression(file, at, value, false, bound));
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) await walk(value[i], [...at, i], bound);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (isExpression(key)) found.push(await expression(file, [...at, key], key, true, bound));
      if (at[at.length - 1] === 'dynamic') {
        // Inside `dynamic "x"`, the block label (or `iterator`) names the current element.
        for (const [i, body] of bodies(child).entries()) {
          const inner = new Set(bound).add(bareName(body.iterator) || key);
          await walk(body, [...at, key, i], inner);
        }
        continue;
      }
      await walk(child, [...at, key], bound);
    }
  };
  await walk(file.json, [], new Set());
  return found;
}

async function expression(file, at, text, isKey, bound) {
  try {
    const ast = await templateAst(file.display, text);
    return { path: at, text, isKey, ast, refs: references(ast, bound) };
  } catch (error) {
    return { path: at, text, isKey, ast: null, refs: [], error: String(error.message || error) };
  }
}

/**
 * Loads every module under root. Returns {root, modules (Map rel → module), parseProblems}.
 * A module's rel is its directory relative to root ('.' for root itself), with '/' separators.
 */
async function loadTree(root) {
  const absRoot = path.resolve(root);
  const label = path.basename(absRoot);
  const display = (abs) => path.posix.join(label, path.relative(absRoot, abs).split(path.sep).join('/'));
  const modules = new Map();
  const parseProblems = [];
  for (const dir of moduleDirs(absRoot)) {
    const rel = path.relative(absRoot, dir).split(path.sep).join('/') || '.';
    const mod = newModule(dir, rel);
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).sort();
    for (const name of names) {
      const abs = path.join(dir, name);
      const file = { abs, display: display(abs), text: fs.readFileSync(abs, 'utf8'), json: null, expressions: [] };
      try {
        file.json = await parseFile(file.display, file.text);
      } catch (error) {
        parseProblems.push({ check: 'syntax', file, line: null, message: `HCL syntax error: ${error.message}` });
        continue;
      }
      index(mod, file);
      file.expressions = await expressions(file);
      mod.files.push(file);
    }
    for (const name of fs.readdirSync(dir).filter((n) => /\.tfvars(\.example)?$/.test(n)).sort()) {
      const abs = path.join(dir, name);
      const file = { abs, display: display(abs), text: fs.readFileSync(abs, 'utf8'), json: null, expressions: [] };
      try {
        file.json = await parseFile(file.display, file.text);
        mod.tfvars.push(file);
      } catch (error) {
        parseProblems.push({ check: 'syntax', file, line: null, message: `HCL syntax error: ${error.message}` });
      }
    }
    modules.set(rel, mod);
  }
  return { root: absRoot, label, display, modules, parseProblems };
}

module.exports = { loadTree, bodies, bareName };
