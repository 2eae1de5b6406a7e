'use strict';
/**
 * Providers: every module declares required_version and required_providers, every provider there has
 * a source and a version constraint with an upper bound, every resource type's provider is required,
 * provider blocks appear only in root modules, and provider aliases that are used are declared.
 */
const { calledModules } = require('./modules');
const { bareName } = require('../tree');

/**
 * A constraint is pinned when it bounds the version from above: "~> 6.0", ">= 6.0, < 7.0" or an
 * exact "6.1.0" / "= 6.1.0". A bare lower bound (">= 6.0") lets any future major version in.
 */
function isPinned(constraint) {
  if (typeof constraint !== 'string' || constraint.trim() === '') return false;
  return constraint.split(',').map((p) => p.trim()).some((p) => /^(~>|<=?|=)\s*\d/.test(p) || /^\d+(\.\d+)*$/.test(p));
}

/** The provider local name of a resource type: aws_lb → aws; unless a `provider` argument says otherwise. */
function providerOf(type, body) {
  const explicit = typeof body.provider === 'string' ? body.provider.replace(/^\$\{|\}$/g, '') : null;
  return (explicit || type).split(/[._]/)[0];
}

function check(ctx, mod) {
  const isRoot = !calledModules(ctx).has(mod.rel);
  const first = mod.files[0];
  if (!first) return;
  if (mod.terraformBlocks.length === 0) {
    ctx.report('providers', first, null, `module ${mod.rel} has no terraform block (required_version and required_providers)`);
  } else if (!mod.terraformBlocks.some((t) => typeof t.body.required_version === 'string')) {
    ctx.report('providers', mod.terraformBlocks[0].file, ['terraform'], `module ${mod.rel} does not pin required_version`);
  }

  for (const [name, { file, spec }] of mod.requiredProviders) {
    const at = ['terraform', 0, 'required_providers', 0, name];
    if (typeof spec !== 'object' || spec === null) {
      ctx.report('providers', file, at, `required provider "${name}" must be an object with source and version`);
      continue;
    }
    if (typeof spec.source !== 'string') ctx.report('providers', file, at, `required provider "${name}" has no source`);
    if (typeof spec.version !== 'string') {
      ctx.report('providers', file, at, `required provider "${name}" has no version constraint`);
    } else if (!isPinned(spec.version)) {
      ctx.report('providers', file, at, `required provider "${name}" version "${spec.version}" has no upper bound (use ~> or < so a new major version cannot arrive unnoticed)`);
    }
  }

  for (const kind of ['resources', 'data', 'ephemerals']) {
    for (const r of mod[kind].values()) {
      const local = providerOf(r.type, r.body);
      if (!mod.requiredProviders.has(local)) {
        const block = { resources: 'resource', data: 'data', ephemerals: 'ephemeral' }[kind];
        ctx.report('providers', r.file, [block, r.type, r.name], `${block} "${r.type}" "${r.name}" needs provider "${local}", which module ${mod.rel} does not list in required_providers`);
      }
    }
  }

  if (!isRoot) {
    for (const p of mod.providerBlocks) {
      ctx.report('providers', p.file, ['provider', p.name], `module ${mod.rel} is called by another module and must not configure provider "${p.name}"; pass it through providers = {…}`);
    }
  }
  checkAliases(ctx, mod, isRoot);
}

/** Aliases named in `provider = x.y` and `providers = { … = x.y }` must be declared. */
function checkAliases(ctx, mod, isRoot) {
  const declared = new Set();
  for (const p of mod.providerBlocks) declared.add(p.alias ? `${p.name}.${p.alias}` : p.name);
  for (const [name, { spec }] of mod.requiredProviders) {
    declared.add(name);
    for (const a of (spec && spec.configuration_aliases) || []) {
      const alias = String(a).replace(/^\$\{|\}$/g, '');
      declared.add(alias);
    }
  }
  const uses = [];
  for (const kind of ['resources', 'data', 'ephemerals']) {
    for (const r of mod[kind].values()) {
      if (typeof r.body.provider === 'string') uses.push({ file: r.file, at: [kind === 'resources' ? 'resource' : kind === 'data' ? 'data' : 'ephemeral', r.type, r.name], value: r.body.provider });
    }
  }
  for (const [name, { file, body }] of mod.modules) {
    for (const value of Object.values(body.providers || {})) uses.push({ file, at: ['module', name, 0, 'providers'], value });
  }
  for (const use of uses) {
    const ref = String(use.value).replace(/^\$\{|\}$/g, '').trim();
    const isAlias = ref.includes('.');
    if (!isAlias && mod.requiredProviders.has(ref)) continue;
    if (!declared.has(ref)) {
      const where = isRoot ? `a provider "${ref.split('.')[0]}" block with alias = "${ref.split('.')[1]}"` : 'configuration_aliases';
      ctx.report('providers', use.file, use.at, `provider "${ref}" is used but not declared (add ${where})`, ref);
    }
  }
}

module.exports = { check, isPinned, bareName };
