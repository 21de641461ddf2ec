// Preloaded into the test processes by scripts/run-tests.mjs (`--require`): V8's code cache for
// the CommonJS modules they load (express, knex, pdfkit, zod, …), kept on disk by
// v8-compile-cache, so each of the run's test and app processes stops compiling the same
// dependencies again (about a quarter of a second of CPU per process, measured on one test
// file: 2.0 → 1.7 s). Node 20 has no built-in compile cache (module.enableCompileCache is 22+).
// The library compiles every file as CommonJS; a file that is an ES module loaded through
// require (an .mjs, or a .js that is not CommonJS) goes to node's own compiler, unchanged, as
// does a module that may call import(): the library's vm.Script has no dynamic-import hook
// (eslint, which the architecture test runs, loads its config that way).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require): require is how it loads */
const Module = require('node:module');

const own = Module.prototype._compile;
require('v8-compile-cache');
const cached = Module.prototype._compile;

Module.prototype._compile = function compile(content, filename, ...rest) {
  if (filename.endsWith('.mjs') || content.includes('import(')) return own.call(this, content, filename, ...rest);
  try {
    return cached.call(this, content, filename, ...rest);
  } catch (err) {
    if (err instanceof SyntaxError) return own.call(this, content, filename, ...rest);
    throw err;
  }
};
