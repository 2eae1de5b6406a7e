'use strict';
/**
 * templatefile() calls: the template exists, parses as a Terraform template, and every name it
 * interpolates is passed in the variables map. An unescaped shell "${VAR}" in a cloud-init template is
 * the usual mistake this catches (write "$${VAR}" or "$VAR").
 */
const fs = require('node:fs');
const path = require('node:path');
const { templateAst, references, functionCalls } = require('../hcl');

/** The file a templatefile() path argument names, when it is "${path.module}/…" or a literal. */
function templatePath(mod, node) {
  if (!node) return null;
  if (node.type === 'literalValue') return path.resolve(mod.dir, String(node.meta.value));
  if (node.type !== 'template') return null;
  let out = '';
  for (const part of node.children || []) {
    if (part.type === 'literalValue') out += part.meta.value;
    else if (part.type === 'scopeTraversal' && part.meta.value === 'path.module') out += mod.dir;
    else return null;
  }
  return path.resolve(mod.dir, out);
}

function passedNames(node) {
  if (!node || node.type !== 'object' || !node.meta || !node.meta.items) return null;
  return new Set(Object.keys(node.meta.items).map((k) => k.replace(/^"|"$/g, '')));
}

async function check(ctx, mod) {
  for (const file of mod.files) {
    for (const expr of file.expressions) {
      for (const call of functionCalls(expr.ast, 'templatefile')) {
        const [pathArg, varsArg] = call.children || [];
        const abs = templatePath(mod, pathArg);
        if (!abs) {
          ctx.warn('templates', file, expr.path, `templatefile() path ${pathArg && pathArg.meta ? pathArg.meta.value : '?'} cannot be resolved statically; not checked`);
          continue;
        }
        const shown = ctx.tree.display(abs);
        if (!fs.existsSync(abs)) {
          ctx.report('templates', file, expr.path, `templatefile() reads ${shown}, which does not exist`);
          continue;
        }
        const passed = passedNames(varsArg) || new Set();
        await checkTemplate(ctx, file, expr, shown, fs.readFileSync(abs, 'utf8'), passed);
      }
    }
  }
}

async function checkTemplate(ctx, file, expr, shown, text, passed) {
  let ast;
  try {
    ast = await templateAst(shown, text);
  } catch (error) {
    ctx.report('templates', file, expr.path, `template ${shown} does not parse: ${error.message}`);
    return;
  }
  const used = new Set();
  const lines = text.split('\n');
  for (const ref of references(ast)) {
    const name = ref.names[0];
    used.add(name);
    if (!passed.has(name)) {
      const line = lines.findIndex((l) => l.includes(`\${${ref.text}`) || l.includes(ref.text)) + 1;
      ctx.reportAt('templates', shown, line || null,
        `template uses \${${ref.text}} but templatefile() in ${file.display} passes no "${name}" (escape shell variables as $\${…})`);
    }
  }
  for (const name of passed) {
    if (!used.has(name)) ctx.warn('templates', file, expr.path, `templatefile() passes "${name}" but ${shown} never uses it`);
  }
}

module.exports = { check };
