'use strict';
/** Copies of the real terraform/ tree in a temporary directory, broken on purpose one edit at a time. */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkTree, format } = require('../src/index');

const REAL_TREE = path.resolve(__dirname, '..', '..', 'terraform');

/** A fresh copy at <tmp>/terraform, so findings name files as in the real tree ("terraform/…"). */
function copyTree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-tf-'));
  const root = path.join(dir, 'terraform');
  fs.cpSync(REAL_TREE, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
  return {
    root,
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    write: (rel, text) => fs.writeFileSync(path.join(root, rel), text),
    /** Replaces exactly one occurrence of `from`; fails the test if the real tree changed under it. */
    replace(rel, from, to) {
      const text = this.read(rel);
      assert.equal(text.split(from).length - 1, 1, `${rel} should contain ${JSON.stringify(from)} exactly once`);
      this.write(rel, text.replace(from, to));
    },
    /** Removes the top-level block starting with `header` (up to its closing brace at column 0). */
    removeBlock(rel, header) {
      const text = this.read(rel);
      const start = text.indexOf(header);
      assert.ok(start >= 0, `${rel} should contain ${header}`);
      const end = text.indexOf('\n}\n', start);
      this.write(rel, text.slice(0, start) + text.slice(end + 3));
    },
    append(rel, text) {
      fs.appendFileSync(path.join(root, rel), text);
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the checks on a broken copy and cleans it up. */
async function checkCopy(edit) {
  const copy = copyTree();
  try {
    edit(copy);
    return await checkTree(copy.root);
  } finally {
    copy.cleanup();
  }
}

/** Asserts a problem in `file` whose message matches `message`, printing every finding otherwise. */
function assertProblem(result, { file, message, check }) {
  const found = result.problems.find((p) => (!file || p.file === file) && message.test(p.message) && (!check || p.check === check));
  assert.ok(found, `expected a problem in ${file} matching ${message}; got:\n${result.problems.map(format).join('\n') || '(none)'}`);
  return found;
}

module.exports = { REAL_TREE, copyTree, checkCopy, assertProblem };
