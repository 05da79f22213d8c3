// run-wasi.mjs - runs a WASI command module under Node's node:wasi, the
// "node" peer of the benchmark suite (testsuite/bench/run.sh, check.sh).
//
//   node --no-warnings --no-turbo-fast-api-calls \
//       testsuite/bench/node/run-wasi.mjs PROG.wasm [ARGS...]
//
// (--no-turbo-fast-api-calls avoids random crashes after memory.grow; see
// lib.sh.)  The module gets PROG.wasm as argv[0] followed by ARGS, an empty
// environment, no preopened directories, and the host's fds 0-2.  The
// process exits with the code the module passes to proc_exit (0 when
// _start returns).  Time measured includes V8's compilation of the module.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: run-wasi.mjs PROG.wasm [ARGS...]\n');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
