'use strict';
/**
 * Variables: every `var.x` has a `variable "x"` block in the same module, every variable block has a
 * type and a description, and variables whose value has a shape carry a validation block. Outputs have
 * descriptions. A *.tfvars(.example) file sets only variables of its module, and an example sets every
 * variable that has no default.
 */
const { locateText } = require('../locate');

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
  for (const [name, { file, body }] of mod.outputs) {
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      ctx.report('variables', file, ['output', name], `output "${name}" has no description`);
    }
  }
  checkTfvars(ctx, mod);
}

function checkTfvars(ctx, mod) {
  for (const file of mod.tfvars) {
    for (const key of Object.keys(file.json)) {
      if (!mod.variables.has(key)) {
        ctx.reportAt('variables', file.display, locateText(file, key), `sets "${key}", which is not a variable of ${mod.rel}`);
      }
    }
    if (!file.abs.endsWith('.example')) continue;
    for (const [name, v] of mod.variables) {
      if (!('default' in v.body) && !(name in file.json)) {
        ctx.reportAt('variables', file.display, null, `does not show "${name}", which ${mod.rel} requires (it has no default)`);
      }
    }
  }
}

module.exports = { check, isTypeExpression };
