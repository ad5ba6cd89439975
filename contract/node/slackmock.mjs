// Builds the kit's slackmock binary and runs it on a free loopback port, for the contract
// test beside this file. Node's standard library only.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the Go module: contract/node/../.. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The line slackmock prints first, with the base URL in it. */
const servingLine = /^slackmock: serving the Slack Web API at (http:\/\/\S+)\/api\/ /m;

/**
 * Builds slackmock with `go build` (or takes the binary named by $SLACKMOCK_BIN), starts it on
 * 127.0.0.1:0 and answers once it prints its base URL.
 *
 * @returns {Promise<{base: string, stop: () => Promise<number|null>}>} the base URL, such as
 *   http://127.0.0.1:PORT (the Slack methods are under base + '/api/'), and stop, which sends
 *   SIGTERM and answers the exit code once the mock has stopped.
 */
export async function startMock() {
  const dir = await mkdtemp(join(tmpdir(), 'slackmock-'));
  let bin = process.env.SLACKMOCK_BIN;
  if (!bin) {
    bin = join(dir, 'slackmock');
    await run(process.env.GO ?? 'go', ['build', '-o', bin, './mock/cmd/slackmock'], repoRoot);
  }

  const child = spawn(bin, ['-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Never leave the mock behind, even when the test run dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s) => { err += s; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('slackmock printed no base URL within 10 s')), 10_000);
    const fail = (e) => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`${e.message}\nstdout: ${out}\nstderr: ${err}`)); };
    child.once('error', fail);
    exited.then(({ code, signal }) => fail(new Error(`slackmock exited early (code ${code}, signal ${signal})`)));
    child.stdout.setEncoding('utf8').on('data', (s) => {
      out += s;
      const m = servingLine.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });

  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      const { code } = await exited;
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (b) => { output += b; });
    p.stderr.on('data', (b) => { output += b; });
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${output}`))));
  });
}
