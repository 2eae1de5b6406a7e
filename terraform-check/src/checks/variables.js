'use strict';
/**
 * Variables: every `var.x` has a `variable "x"` block in the same module, every variable block has a
 * type and a description, and variables whose value has a shape carry a validation block.
 */

// A variable is "shaped" by its name: these suffixes promise a CIDR, a port or a region name.
const SHAPED = [
  { re: /(^|_)(cidr|cidrs|cidr_block|cidr_blocks)$/, what: 'a CIDR' },
  { re: /(^|_)port$/, what: 'a port number' },
  { re: /(^|_)(region|regions)$/, what: 'a region name' },
];

function isTypeExpression(at) {
  return at[0] === 'variable' && at[3] === 'type';
}

function check(ctx, mod) {
  for (const [name, { file, body }] of mod.variables) {
    const at = ['variable', name];
    if (!('type' in body)) ctx.report('variables', file, at, `variable "${name}" has no type`);
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      ctx.report('variables', file, at, `variable "${name}" has no description`);
    }
    const shape = SHAPED.find((s) => s.re.test(name));
    if (shape && !Array.isArray(body.validation)) {
      ctx.report('variables', file, at, `variable "${name}" holds ${shape.what} but has no validation block`);
    }
  }

  const used = new Set();
  for (const file of mod.files) {
    for (const expr of file.expressions) {
      if (isTypeExpression(expr.path)) continue;
      for (const ref of expr.refs) {
        if (ref.names[0] !== 'var') continue;
        const name = ref.names[1];
        if (!name) {
          ctx.report('variables', file, expr.path, '"var" used without a variable name');
          continue;
        }
        used.add(name);
        if (!mod.variables.has(name)) {
          ctx.report('variables', file, expr.path,
            `var.${name} is used but module ${mod.rel} declares no variable "${name}" (add a variable block with type and description)`,
            `var.${name}`);
        }
      }
    }
  }
  for (const [name, { file }] of mod.variables) {
    if (!used.has(name)) ctx.warn('variables', file, ['variable', name], `variable "${name}" is never used`);
  }
}

module.exports = { check, isTypeExpression };
