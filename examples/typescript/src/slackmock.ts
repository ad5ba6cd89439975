// Builds the kit's slackmock binary and runs it on a free loopback port, for the tests beside
// this file. Node's standard library only.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the Go module: examples/typescript/../.. (from src/ or build/ alike). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The line slackmock prints first, with the base URL in it. */
const servingLine = /^slackmock: serving the Slack Web API at (http:\/\/\S+)\/api\/ /m;

export interface Mock {
  /** Such as http://127.0.0.1:PORT: the Slack methods are under /api/, the control API under /_mock/. */
  base: string;
  /** Sends SIGTERM and answers the exit code once the mock has stopped. */
  stop(): Promise<number | null>;
}

/**
 * Builds slackmock with `go build` (or takes the binary named by $SLACKMOCK_BIN), starts it on
 * 127.0.0.1:0 and answers once it prints its base URL.
 */
export async function startMock(): Promise<Mock> {
  const dir = await mkdtemp(join(tmpdir(), 'slackmock-'));
  let bin = process.env['SLACKMOCK_BIN'];
  if (!bin) {
    bin = join(dir, 'slackmock');
    await run(process.env['GO'] ?? 'go', ['build', '-o', bin, './mock/cmd/slackmock'], repoRoot);
  }

  const child = spawn(bin, ['-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Never leave the mock behind, even when the test run dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s; });
  const base = await new Promise<string>((resolve, reject) => {
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\nstdout: ${out}\nstderr: ${err}`));
    };
    const timer = setTimeout(() => fail(new Error('slackmock printed no base URL within 10 s')), 10_000);
    child.once('error', fail);
    void exited.then((code) => fail(new Error(`slackmock exited early (code ${code})`)));
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = servingLine.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });

  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (b: Buffer) => { output += b; });
    p.stderr.on('data', (b: Buffer) => { output += b; });
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${output}`))));
  });
}
