'use strict';
/**
 * Renders a cloud-init template as Terraform's templatefile() would, for the subset our templates keep to:
 * literal text (with the $${ and %%{ escapes, which HCL's parser resolves) and ${name} interpolation of a
 * passed variable. Anything else (directives, function calls, attribute access) is refused by name, so a
 * template that grows past the subset fails the boot test instead of being rendered wrongly.
 * Also reads the rendered #cloud-config the way cloud-init does for what our templates use: write_files
 * entries (path, permissions, a literal block `content: |`) and runcmd lines, and systemd environment files.
 */
const { templateAst } = require('./hcl');

/** The rendered text of `text` with `vars` (name → string or number); throws on anything outside the subset. */
async function renderTemplate(fileName, text, vars) {
  const ast = await templateAst(fileName, text);
  const parts = ast.type === 'template' ? ast.children || [] : [ast];
  let out = '';
  for (const part of parts) {
    if (part.type === 'literalValue') {
      out += String(part.meta.value);
    } else if (part.type === 'scopeTraversal' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part.meta.value)) {
      const name = part.meta.value;
      if (!Object.hasOwn(vars, name)) throw new Error(`${fileName}: \${${name}} is not passed`);
      const value = vars[name];
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${fileName}: \${${name}} is not a string or number`);
      out += String(value);
    } else {
      throw new Error(`${fileName}: ${part.type} ${JSON.stringify(part.meta && part.meta.value)} is outside the template subset (\${name} only)`);
    }
  }
  // The parser sees the template inside a heredoc, which ends the text with one newline of its own.
  return text.endsWith('\n') ? out : out.replace(/\n$/, '');
}

/** {writeFiles: [{path, permissions, content}], runcmd: [string]} of a rendered #cloud-config. */
function parseCloudConfig(text) {
  const lines = text.split('\n');
  if (lines[0] !== '#cloud-config') throw new Error('cloud-init user data must start with #cloud-config');
  const writeFiles = [];
  const runcmd = [];
  let section = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    const top = /^([a-z_]+):\s*$/.exec(line);
    if (top) {
      section = top[1];
      if (section !== 'write_files' && section !== 'runcmd') throw new Error(`unexpected cloud-config key ${section}`);
      continue;
    }
    if (section === 'runcmd') {
      const m = /^ {2}- (.+)$/.exec(line);
      if (!m) throw new Error(`runcmd line ${i + 1} is not "  - command": ${line}`);
      runcmd.push(m[1]);
      continue;
    }
    if (section !== 'write_files') throw new Error(`line ${i + 1} outside a known section: ${line}`);
    const start = /^ {2}- path: (\S+)$/.exec(line);
    if (start) {
      writeFiles.push({ path: start[1], permissions: null, content: null });
      continue;
    }
    const entry = writeFiles[writeFiles.length - 1];
    const perm = /^ {4}permissions: "([0-7]{4})"$/.exec(line);
    if (entry && perm) {
      entry.permissions = perm[1];
      continue;
    }
    if (entry && line === '    content: |') {
      // A literal block: every following line indented by at least 6 spaces (or blank), indentation removed.
      const body = [];
      while (i + 1 < lines.length && (lines[i + 1].startsWith('      ') || lines[i + 1].trim() === '')) {
        i++;
        body.push(lines[i].slice(6));
      }
      while (body.length && body[body.length - 1] === '') body.pop();
      entry.content = `${body.join('\n')}\n`;
      continue;
    }
    throw new Error(`write_files line ${i + 1} not understood: ${line}`);
  }
  for (const f of writeFiles) {
    if (f.content === null || f.permissions === null) throw new Error(`write_files entry ${f.path} needs permissions and content`);
  }
  return { writeFiles, runcmd };
}

/** The EnvironmentFile= entries of a systemd unit, in order: [{path, optional}]. */
function environmentFiles(unitText) {
  return unitText.split('\n')
    .map((l) => /^EnvironmentFile=(-?)(.+)$/.exec(l.trim()))
    .filter(Boolean)
    .map((m) => ({ path: m[2], optional: m[1] === '-' }));
}

/** KEY=VALUE lines of a systemd environment file (comments, blanks, surrounding quotes as systemd reads them). */
function parseEnvironmentFile(text) {
  const env = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`environment file line ${i + 1} is not KEY=VALUE`);
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) value = value.slice(1, -1);
    else if (quote === '"' || quote === "'") throw new Error(`environment file line ${i + 1}: unterminated quote for ${m[1]}`);
    env[m[1]] = value;
  }
  return env;
}

module.exports = { renderTemplate, parseCloudConfig, environmentFiles, parseEnvironmentFile };
