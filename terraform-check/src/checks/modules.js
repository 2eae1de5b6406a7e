'use strict';
/**
 * Module calls: local sources exist and hold .tf files, remote sources are pinned, every argument is a
 * variable of the called module, every variable without a default is passed, and the `providers` map
 * names providers the called module requires.
 */
const fs = require('node:fs');
const path = require('node:path');
const { bareName } = require('../tree');

const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

function isLocalSource(source) {
  return source.startsWith('./') || source.startsWith('../');
}

/** The directory a local module source points at, relative to the checked root, or null if outside. */
function childRel(ctx, mod, source) {
  const abs = path.resolve(mod.dir, source);
  const rel = path.relative(ctx.tree.root, abs).split(path.sep).join('/');
  return { abs, rel: rel === '' ? '.' : rel, inside: !rel.startsWith('..') };
}

function check(ctx, mod) {
  for (const [name, { file, body }] of mod.modules) {
    const at = ['module', name];
    const source = body.source;
    if (typeof source !== 'string' || source === '') {
      ctx.report('modules', file, at, `module "${name}" has no literal source`);
      continue;
    }
    if (!isLocalSource(source)) {
      const pinned = typeof body.version === 'string' || /[?&]ref=[^&]+/.test(source);
      if (!pinned) ctx.report('modules', file, at, `module "${name}" source "${source}" is not pinned (add version = "…" or ?ref=<tag>)`);
      continue;
    }
    const { abs, rel } = childRel(ctx, mod, source);
    const hasTf = fs.existsSync(abs) && fs.statSync(abs).isDirectory() && fs.readdirSync(abs).some((f) => f.endsWith('.tf'));
    if (!hasTf) {
      ctx.report('modules', file, at, `module "${name}" source "${source}" does not exist or holds no .tf files`, source);
      continue;
    }
    const child = ctx.tree.modules.get(rel);
    if (!child) continue;
    for (const arg of Object.keys(body)) {
      if (META_ARGUMENTS.has(arg)) continue;
      if (!child.variables.has(arg)) {
        ctx.report('modules', file, [...at, 0, arg], `module "${name}" passes "${arg}" but ${child.rel} has no variable "${arg}"`);
      }
    }
    for (const [varName, v] of child.variables) {
      if (!('default' in v.body) && !(varName in body)) {
        ctx.report('modules', file, at, `module "${name}" does not pass "${varName}", which ${child.rel} requires (it has no default)`);
      }
    }
    const providers = body.providers && typeof body.providers === 'object' ? body.providers : {};
    for (const key of Object.keys(providers)) {
      const local = key.split('.')[0];
      if (!child.requiredProviders.has(local)) {
        ctx.report('modules', file, [...at, 0, 'providers'], `module "${name}" passes provider "${key}" but ${child.rel} does not require "${local}"`);
      }
    }
  }
}

/** The loaded module a `module "name"` block of mod calls, if its source is local and inside the tree. */
function childOf(ctx, mod, name) {
  const call = mod.modules.get(name);
  if (!call || typeof call.body.source !== 'string' || !isLocalSource(call.body.source)) return null;
  const { rel, inside } = childRel(ctx, mod, call.body.source);
  return inside ? ctx.tree.modules.get(rel) || null : null;
}

/** Modules of the tree that another module of the tree calls. */
function calledModules(ctx) {
  const called = new Set();
  for (const mod of ctx.tree.modules.values()) {
    for (const name of mod.modules.keys()) {
      const child = childOf(ctx, mod, name);
      if (child) called.add(child.rel);
    }
  }
  return called;
}

module.exports = { check, childOf, calledModules, bareName };
