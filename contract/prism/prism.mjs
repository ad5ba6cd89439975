// Runs Prism (the version pinned in package-lock.json) in proxy mode: it validates every request
// against openapi.yaml, forwards it to the upstream, and validates the answer. Node's standard
// library only, besides Prism itself.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Prism's binary, from this package's node_modules. */
const prismBin = fileURLToPath(new URL('./node_modules/.bin/prism', import.meta.url));

/** The line Prism prints once it listens (with -p 0, on the port it picked). */
const listening = /Prism is listening on (http:\/\/\S+)/;

/**
 * Starts `prism proxy <spec> <upstream> --errors -p 0 -h 127.0.0.1` and answers once it listens.
 * With --errors, Prism answers a request that breaks the spec with 422 (and never forwards it),
 * and an upstream answer that breaks it with 500, both application/problem+json; every
 * violation, warnings too, is also listed in the answer's `sl-violations` header and logged.
 *
 * @param {string} spec the path of the OpenAPI document
 * @param {string} upstream the upstream's base URL, such as http://127.0.0.1:PORT/api (Prism
 *   serves the spec's paths without its servers' base path, and appends them to this)
 * @returns {Promise<{base: string, log: () => string, logged: (re: RegExp, ms?: number) => Promise<RegExpExecArray>,
 *   settled: () => Promise<string>, stop: () => Promise<void>}>} Prism's base URL (the spec's
 *   paths go right after it), everything it has logged so far, a wait for a line that matches
 *   re, a wait for the lines of the requests answered so far, and stop.
 */
export async function startPrism(spec, upstream) {
  const args = ['proxy', spec, upstream, '--errors', '-p', '0', '-h', '127.0.0.1'];
  // Prism's dependency @scarf/scarf reports installs, not runs; DO_NOT_TRACK keeps it quiet anyway.
  const child = spawn(prismBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DO_NOT_TRACK: '1', NO_COLOR: '1', FORCE_COLOR: '0' } });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let out = '';
  let settles = 0;
  child.stdout.setEncoding('utf8').on('data', (s) => { out += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { out += s; });
  /**
   * Resolves with the match once the log matches re, as soon as the line arrives; rejects,
   * with the log, after ms or when Prism cannot run or exits first.
   */
  const logged = (re, ms = 10_000) => new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      child.off('error', failed);
      child.off('exit', ended);
    };
    const fail = (why) => { done(); reject(new Error(`${why}:\nprism ${args.join(' ')}:\n${out}`)); };
    const check = () => {
      const m = re.exec(out);
      if (m) { done(); resolve(m); }
    };
    const failed = (e) => fail(`Prism cannot run: ${e.message}`);
    const ended = (code, signal) => fail(`Prism exited before it logged ${re} (code ${code}, signal ${signal})`);
    const timer = setTimeout(() => fail(`Prism did not log ${re} within ${ms / 1000} s`), ms);
    // Both streams feed out; these listeners run after the ones above that append to it.
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('error', failed);
    child.once('exit', ended);
    check();
  });

  let base;
  try {
    [, base] = await logged(listening, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  return {
    base,
    log: () => out,
    logged,
    /**
     * Answers once the log holds every line Prism wrote for the requests answered so far. Prism
     * logs a request's lines before it answers, but they reach this process through a pipe, after
     * the answer may have. So this sends one more request, for a path the spec does not have
     * (Prism answers it 404 itself, logging `Request terminated with error`), and waits for that
     * line: Prism wrote it after every earlier one.
     *
     * @returns {Promise<string>} the marker's path, whose lines the caller leaves out
     */
    async settled() {
      const marker = `/log-settled-${++settles}`;
      const res = await fetch(`${base}${marker}`, { method: 'POST' });
      await res.arrayBuffer();
      await logged(new RegExp(`post ${marker} .*Request terminated with error`));
      return marker;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      process.removeListener('exit', killOnExit);
    },
  };
}
