'use strict';
/**
 * References: every `local.x`, `module.x` (and `module.x.output`), `data.t.n`, `ephemeral.t.n` and
 * resource reference `t.n` names something declared in the same module.
 */
const { isTypeExpression } = require('./variables');

// Names Terraform defines itself, valid as the first segment of a reference.
const BUILTIN_ROOTS = new Set(['var', 'path', 'terraform', 'count', 'each', 'self']);
// Blocks whose expressions are addresses or meta-arguments rather than values.
const ADDRESS_BLOCKS = new Set(['moved', 'import', 'removed', 'check', 'terraform']);

/** True for expressions that name providers or attributes instead of referring to values. */
function isNonValue(at) {
  if (ADDRESS_BLOCKS.has(at[0])) return true;
  if (isTypeExpression(at)) return true;
  if (at.includes('lifecycle') && at.includes('ignore_changes')) return true;
  const depth = ['resource', 'data', 'ephemeral'].includes(at[0]) ? 4 : 3;
  if (at.length === depth + 1 && at[depth] === 'provider') return true;
  if (at[0] === 'module' && at[3] === 'providers') return true;
  return false;
}

function check(ctx, mod) {
  for (const dup of mod.duplicates) {
    ctx.report('references', dup.second, null,
      `${dup.kind} "${dup.key}" is declared twice (also in ${dup.first.display})`);
  }
  for (const file of mod.files) {
    for (const expr of file.expressions) {
      if (expr.error) {
        ctx.report('references', file, expr.path, `cannot parse expression: ${expr.error}`);
        continue;
      }
      if (isNonValue(expr.path)) continue;
      for (const ref of expr.refs) resolve(ctx, mod, file, expr, ref);
    }
  }
}

function resolve(ctx, mod, file, expr, ref) {
  const [root, second] = ref.names;
  const say = (message) => ctx.report('references', file, expr.path, message, ref.text.split('[')[0]);
  if (root === 'var' || BUILTIN_ROOTS.has(root)) return;
  if (root === 'local') {
    if (!second) say('"local" used without a name');
    else if (!mod.locals.has(second)) say(`local.${second} is used but no locals block in module ${mod.rel} defines "${second}"`);
    return;
  }
  if (root === 'module') {
    if (!second || !mod.modules.has(second)) {
      say(`module.${second} is used but module ${mod.rel} has no module "${second}" block`);
      return;
    }
    const child = ctx.childOf(mod, second);
    const output = ref.allNames[2];
    if (child && output && !child.outputs.has(output)) {
      say(`module.${second}.${output} is used but ${child.rel} has no output "${output}"`);
    }
    return;
  }
  if (root === 'data' || root === 'ephemeral') {
    const key = `${second}.${ref.names[2]}`;
    const declared = root === 'data' ? mod.data : mod.ephemerals;
    if (ref.names.length < 3 || !declared.has(key)) say(`${root}.${key} is used but not declared in module ${mod.rel}`);
    return;
  }
  if (ref.names.length < 2) {
    say(`"${root}" is not a known name here (expected var., local., module., data., a resource, or an iterator)`);
    return;
  }
  if (!mod.resources.has(`${root}.${second}`)) {
    say(`${root}.${second} is used but module ${mod.rel} declares no resource "${root}" "${second}"`);
  }
}

module.exports = { check, isNonValue };
