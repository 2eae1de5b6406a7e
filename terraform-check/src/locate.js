'use strict';
/** Finds the source line of a JSON path in a .tf file (hcl2json's JSON carries no positions). */

const escape = (s) => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line (1-based) of the (n+1)th line at or after `from` matching re, or -1. */
function findLine(lines, re, from, n = 0) {
  for (let i = from; i < lines.length; i++) {
    if (re.test(lines[i]) && n-- === 0) return i;
  }
  return -1;
}

function headerPattern(at) {
  const [kind, a, b] = at;
  if (['resource', 'data', 'ephemeral'].includes(kind)) {
    return { re: new RegExp(`^\\s*${kind}\\s+"${escape(a)}"\\s+"${escape(b)}"`), rest: at.slice(3) };
  }
  if (['variable', 'output', 'module'].includes(kind)) {
    return { re: new RegExp(`^\\s*${kind}\\s+"${escape(a)}"`), rest: at.slice(2) };
  }
  if (kind === 'provider') return { re: new RegExp(`^\\s*provider\\s+"${escape(a)}"`), rest: at.slice(2) };
  if (kind === 'locals') return { re: /^\s*locals\s*\{/, rest: at.slice(2) };
  if (kind === 'terraform') return { re: /^\s*terraform\s*\{/, rest: at.slice(2) };
  return null;
}

/** Best-effort line of `at` in file: the block header, then each nested name in turn. */
function locate(file, at) {
  if (!file || !file.text || !at || at.length === 0) return null;
  const lines = file.text.split('\n');
  const header = headerPattern(at);
  if (!header) return null;
  let line = findLine(lines, header.re, 0);
  if (line < 0) return null;
  const rest = header.rest;
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i];
    if (typeof seg !== 'string' || seg.startsWith('${')) continue;
    const nth = typeof rest[i + 1] === 'number' ? rest[i + 1] : 0;
    const next = findLine(lines, new RegExp(`^\\s*"?${escape(seg)}"?\\s*(=|\\{|")`), line, nth);
    if (next < 0) break;
    line = next;
  }
  return line + 1;
}

/** Line of the first occurrence of a whole-word needle, or null. */
function locateText(file, needle) {
  if (!file || !file.text) return null;
  const re = new RegExp(`(^|[^A-Za-z0-9_.])${escape(needle)}($|[^A-Za-z0-9_])`);
  const lines = file.text.split('\n');
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? null : i + 1;
}

/** Readable address of a JSON path: resource.aws_lb.this[0].subnets → aws_lb.this.subnets. */
function address(at) {
  const [kind] = at;
  let parts = at;
  if (kind === 'resource') parts = at.slice(1);
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i];
    if (typeof seg === 'number') {
      if (seg > 0) out[out.length - 1] += `[${seg}]`;
      continue;
    }
    out.push(seg);
  }
  return out.join('.');
}

module.exports = { locate, locateText, address };
