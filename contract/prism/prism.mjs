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
 * @returns {Promise<{base: string, log: () => string, logged: (re: RegExp) => Promise<void>,
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
  const base = await new Promise((resolve, reject) => {
    const fail = (e) => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`${e.message}\nprism ${args.join(' ')}:\n${out}`)); };
    const timer = setTimeout(() => fail(new Error('Prism did not listen within 60 s')), 60_000);
    child.once('error', fail);
    exited.then(({ code, signal }) => fail(new Error(`Prism exited early (code ${code}, signal ${signal})`)));
    const check = () => {
      const m = listening.exec(out);
      if (m) { clearTimeout(timer); child.stdout.off('data', check); resolve(m[1]); }
    };
    child.stdout.on('data', check);
  });

  /** Resolves once the log matches re, as soon as the line arrives; rejects after 10 s, with the log. */
  const logged = (re) => new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
    };
    const check = () => {
      if (re.test(out)) { done(); resolve(); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`Prism did not log ${re} within 10 s:\n${out}`)); }, 10_000);
    // Both streams feed out; these listeners run after the ones above that append to it.
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    check();
  });

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
