// Runs slackmock, the fake Slack, from a Node test suite of any framework (node:test, Jest,
// Vitest…): startSlackMock starts the binary on a free loopback port (connectSlackMock reaches
// one already running), and the objects it answers drive the control API, of the org the mock
// started with and of orgs made for one test each.

import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { binaryPath } from './binary.js';
import type { Call, Fault, FaultInForce, Fixture, Job, OrgInfo, RateLimit, Session } from './types.js';

export type * from './types.js';
export { binaryPath } from './binary.js';

/** What startSlackMock starts. */
export interface StartOptions {
  /**
   * The org the mock starts with, which `restore()` returns to and `newOrg()` copies by
   * default: a fixture object, its text (JSON or YAML), or a file URL of a fixture file. The
   * demo fixture when absent.
   */
  fixture?: Fixture | string | URL;
  /** More flags for the binary, such as ['-ratelimit']; it always gets -addr 127.0.0.1:0. */
  args?: string[];
  /** The binary to run; $SLACKMOCK_BIN, else the one of this platform's npm package, by default. */
  bin?: string;
  /** How long to wait for the mock to say it serves, in milliseconds: 10000 by default. */
  startTimeoutMs?: number;
  /**
   * The token the mock's control API then requires, and the SlackMock sends with every call;
   * $SLACKMOCK_CONTROL_TOKEN, which the binary reads too, by default.
   */
  controlToken?: string;
}

/** What connectSlackMock reaches. */
export interface ConnectOptions {
  /**
   * The token the mock's control API requires (one listening beyond loopback always does);
   * $SLACKMOCK_CONTROL_TOKEN by default.
   */
  controlToken?: string;
}

/** The environment variable the binary reads its control token from, as it reads -control-token. */
const tokenVariable = 'SLACKMOCK_CONTROL_TOKEN';

/**
 * How the objects of one mock reach it: one pool of kept-alive connections, so that a test's
 * calls to the control API cost no connection each, and the control token, if any.
 * @internal
 */
export interface Link {
  agent: Agent;
  headers: Record<string, string>;
}

function newLink(controlToken: string | undefined): Link {
  return {
    // Idle connections close before the mock's own idle timeout (2 minutes) would close them.
    agent: new Agent({ keepAlive: true, timeout: 60_000 }),
    headers: controlToken ? { Authorization: `Bearer ${controlToken}` } : {},
  };
}

/** A refusal of the control API: its HTTP status, its error code and its message. */
export class SlackMockError extends Error {
  override name = 'SlackMockError';
  constructor(
    message: string,
    /** The HTTP status, such as 400. */
    readonly status: number,
    /** The error code, such as invalid_fixture; empty when the answer had none. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The control API of one org of the mock: its state, journal, jobs, faults and rate limit. */
export class Control {
  /** The control API's base URL, ending in `/`: http://127.0.0.1:PORT/_mock/ for the first org. */
  readonly controlUrl: string;
  readonly #link: Link;

  /** @internal startSlackMock, connectSlackMock and SlackMock.newOrg make it. */
  constructor(controlUrl: string, link: Link) {
    this.controlUrl = controlUrl;
    this.#link = link;
  }

  /** The live sessions, ordered by id: only this user's, or this team's, when given. */
  async sessions(userId?: string, teamId?: string): Promise<Session[]> {
    const q = new URLSearchParams();
    if (userId !== undefined) q.set('user_id', userId);
    if (teamId !== undefined) q.set('team_id', teamId);
    return (await this.call<{ sessions: Session[] }>('GET', withQuery('sessions', q))).sessions;
  }

  /** The whole state, in the shape of a fixture. */
  async fixture(): Promise<Fixture> {
    return this.call<Fixture>('GET', 'fixture');
  }

  /** Replaces the whole state with a fixture (an object, or its JSON or YAML text). */
  async loadFixture(fixture: Fixture | string): Promise<void> {
    await this.call('POST', 'fixture', fixtureBody(fixture), fixtureType(fixture));
  }

  /** Returns the state to the fixture the org started with; the journal, faults and jobs stay. */
  async restore(): Promise<void> {
    await this.call('POST', 'restore');
  }

  /** The journal of calls to the Slack methods, oldest first: only this method's, when given. */
  async requests(method?: string): Promise<Call[]> {
    const q = new URLSearchParams();
    if (method !== undefined) q.set('method', method);
    return (await this.call<{ requests: Call[] }>('GET', withQuery('requests', q))).requests;
  }

  /** Empties the journal. */
  async clearRequests(): Promise<void> {
    await this.call('DELETE', 'requests');
  }

  /** Puts a fault in force, and answers its id, for removeFault. */
  async addFault(fault: Fault): Promise<number> {
    return (await this.call<{ id: number }>('POST', 'faults', JSON.stringify(fault))).id;
  }

  /** The faults in force, first match first. */
  async faults(): Promise<FaultInForce[]> {
    return (await this.call<{ faults: FaultInForce[] }>('GET', 'faults')).faults;
  }

  /** Takes one fault out of force; throws a SlackMockError (404) when it is not in force. */
  async removeFault(id: number): Promise<void> {
    await this.call('DELETE', `faults/${id}`);
  }

  /** Takes every fault out of force. */
  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }

  /**
   * Waits until no job of admin.users.session.resetBulk is pending, for at most timeoutMs
   * (5000 by default, 60000 at most), and answers the jobs. Throws a SlackMockError (408,
   * jobs_pending) when jobs are still pending then.
   */
  async waitJobs(timeoutMs = 5000): Promise<Job[]> {
    return (await this.call<{ jobs: Job[] }>('GET', `jobs?wait=${Math.max(0, Math.round(timeoutMs))}ms`)).jobs;
  }

  /** Enforces a rate limit per method and token: each method's Slack tier by default. */
  async setRateLimit(limit: RateLimit = { tiers: true }): Promise<void> {
    await this.call('PUT', 'ratelimit', JSON.stringify(limit));
  }

  /** Stops enforcing a rate limit. */
  async clearRateLimit(): Promise<void> {
    await this.call('DELETE', 'ratelimit');
  }

  /** Sends one request to the control API and answers its JSON; throws a SlackMockError when refused. */
  protected async call<T = unknown>(method: string, path: string, body?: string, contentType?: string): Promise<T> {
    return request<T>(this.#link, method, new URL(path, this.controlUrl), body, contentType);
  }
}

/** An org of its own in a running mock, made by SlackMock.newOrg: one test's, typically. */
export class Org extends Control {
  /** Such as o1. */
  readonly id: string;
  /** The base URL for Slack clients, ending in `/`: the Slack methods are below it. */
  readonly apiUrl: string;
  /** When the mock made it (RFC 3339). */
  readonly createdAt: string;
  /** When the mock drops it by itself, for an org made with a time to live (RFC 3339). */
  readonly expiresAt: string | undefined;
  readonly #orgsUrl: URL;

  /** @internal SlackMock.newOrg makes it. */
  constructor(info: OrgInfo, orgsUrl: URL, link: Link) {
    super(info.control_url, link);
    this.id = info.id;
    this.apiUrl = info.api_url;
    this.createdAt = info.created_at;
    this.expiresAt = info.expires_at;
    this.#orgsUrl = orgsUrl;
  }

  /**
   * Drops the org: its URLs answer 404 (org_not_found) from now on, and its pending jobs are
   * dropped; answers how many.
   */
  async end(): Promise<number> {
    const url = new URL(encodeURIComponent(this.id), this.#orgsUrl);
    return (await this.call<{ dropped_jobs: number }>('DELETE', url.href)).dropped_jobs;
  }
}

/** The process of a mock that startSlackMock started, and what stop() cleans up after it. */
interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  cleanup: () => Promise<void>;
}

/**
 * A running slackmock: the control API of the org it started with, and what makes more.
 * startSlackMock starts one; connectSlackMock reaches one already running.
 */
export class SlackMock extends Control {
  /** The base URL, such as http://127.0.0.1:PORT. */
  readonly url: string;
  /** The base URL for Slack clients of the first org: url + '/api/'. */
  readonly apiUrl: string;
  readonly #started: Started | undefined;
  readonly #link: Link;

  /** @internal startSlackMock and connectSlackMock make it; started is absent for the latter. */
  constructor(url: string, link: Link, started?: Started) {
    super(`${url}/_mock/`, link);
    this.#link = link;
    this.url = url;
    this.apiUrl = `${url}/api/`;
    this.#started = started;
    if (started !== undefined) running.add(started.child);
  }

  /**
   * Makes an org of its own, from a fixture (an object, or its JSON or YAML text), or from the
   * fixture the mock started with when absent. With ttlMs, the mock drops it by itself after
   * that long, should end() never come.
   */
  async newOrg(fixture?: Fixture | string, options: { ttlMs?: number } = {}): Promise<Org> {
    const q = new URLSearchParams();
    if (options.ttlMs !== undefined) q.set('ttl', `${Math.round(options.ttlMs)}ms`);
    const info = await this.call<OrgInfo>(
      'POST',
      withQuery('orgs', q),
      fixture === undefined ? undefined : fixtureBody(fixture),
      fixture === undefined ? undefined : fixtureType(fixture),
    );
    return new Org(info, new URL('orgs/', this.controlUrl), this.#link);
  }

  /** The orgs made by newOrg that are still there. */
  async orgs(): Promise<OrgInfo[]> {
    return (await this.call<{ orgs: OrgInfo[] }>('GET', 'orgs')).orgs;
  }

  /**
   * Stops the mock (SIGTERM: calls in flight finish) and answers its exit code, 0 when clean.
   * A mock connectSlackMock reached is not this process's to stop: stop() closes the
   * connections to it, and answers null.
   */
  async stop(): Promise<number | null> {
    const started = this.#started;
    if (started === undefined) {
      this.#link.agent.destroy();
      return null;
    }
    const { child } = started;
    // The mock was unref'd so as not to hold the process open: hold it until it has exited.
    child.ref();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    const code = await started.exited;
    this.#link.agent.destroy();
    running.delete(child);
    await started.cleanup();
    return code;
  }
}

/** The mocks started and not stopped: a suite that never calls stop() must not leave them running. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The line slackmock prints first, with the base URL in it. */
const servingLine = /^slackmock: serving the Slack Web API at (http:\/\/\S+)\/api\/ /m;

/**
 * Starts slackmock on 127.0.0.1 with a free port, and answers once it serves. Stop it with
 * `await mock.stop()`, in the suite's after hook.
 */
export async function startSlackMock(options: StartOptions = {}): Promise<SlackMock> {
  const bin = options.bin ?? binaryPath();
  const args = ['-addr', '127.0.0.1:0'];
  let dir: string | undefined;
  const cleanup = async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  };
  const { fixture } = options;
  if (fixture instanceof URL) {
    args.push('-fixture', fileURLToPath(fixture));
  } else if (fixture !== undefined) {
    dir = await mkdtemp(join(tmpdir(), 'slackmock-'));
    const file = join(dir, 'fixture.yaml'); // YAML reads JSON too
    await writeFile(file, fixtureBody(fixture));
    args.push('-fixture', file);
  }
  args.push(...(options.args ?? []));
  const env = { ...process.env };
  if (options.controlToken !== undefined) env[tokenVariable] = options.controlToken;

  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    err = (err + s).slice(-16384); // what it said last, for the error should it fail
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`slackmock printed no base URL within ${options.startTimeoutMs ?? 10000} ms`)),
        options.startTimeoutMs ?? 10000,
      );
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      child.once('error', (e) => fail(new Error(`cannot run ${bin}: ${e.message}`)));
      child.once('exit', (code, signal) => fail(new Error(`slackmock exited before serving (code ${code}, signal ${signal})`)));
      child.stdout.on('data', function onData(s: string) {
        out += s;
        const m = servingLine.exec(out);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(m[1]);
        }
      });
    });
    // The mock goes on writing a line or two; read them so that it never blocks on a full pipe,
    // and let the process exit without waiting for the mock: stop() or the exit hook ends it.
    child.stdout.resume();
    child.unref();
    for (const stream of [child.stdout, child.stderr]) {
      (stream as unknown as { unref?: () => void }).unref?.();
    }
    return new SlackMock(url, newLink(env[tokenVariable]), { child, exited, cleanup });
  } catch (e) {
    child.kill('SIGKILL');
    await cleanup();
    throw new Error(`${(e as Error).message}\nstdout: ${out}\nstderr: ${err}`, { cause: e });
  }
}

/**
 * Reaches a slackmock already running at url, its base URL such as http://127.0.0.1:8080
 * (`slackmock` prints it as it starts): another process's, a container's. Its stop() leaves the
 * mock running. Throws a TypeError for a URL that is not http://HOST[:PORT].
 */
export function connectSlackMock(url: string, options: ConnectOptions = {}): SlackMock {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || !isBaseUrl(parsed) || /[?#]/.test(url)) {
    throw new TypeError(`slackmock: connectSlackMock takes the mock's base URL, http://HOST[:PORT], not ${JSON.stringify(url)}`);
  }
  return new SlackMock(parsed.origin, newLink(options.controlToken ?? process.env[tokenVariable]));
}

/** Whether url is http://HOST[:PORT], with at most a slash after it. */
function isBaseUrl(url: URL): boolean {
  return url.protocol === 'http:' && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
}

function fixtureBody(fixture: Fixture | string): string {
  return typeof fixture === 'string' ? fixture : JSON.stringify(fixture);
}

/** A fixture's text is YAML, JSON being YAML too; an object goes as JSON. */
function fixtureType(fixture: Fixture | string): string {
  return typeof fixture === 'string' ? 'application/yaml' : 'application/json';
}

function withQuery(path: string, q: URLSearchParams): string {
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

/**
 * Sends one request and answers its JSON body; throws a SlackMockError when it is refused. A
 * kept-alive connection the mock closed just as it was reused is retried once on a new one.
 */
async function request<T>(link: Link, method: string, url: URL, body?: string, contentType = 'application/json'): Promise<T> {
  try {
    return await requestOnce<T>(link, method, url, body, contentType);
  } catch (e) {
    if ((e as { reusedSocket?: boolean }).reusedSocket !== true) throw e;
    return requestOnce<T>(link, method, url, body, contentType);
  }
}

function requestOnce<T>(link: Link, method: string, url: URL, body: string | undefined, contentType: string): Promise<T> {
  const { agent } = link;
  const headers: Record<string, string | number> = { ...link.headers };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise<T>((resolve, reject) => {
    const req = httpRequest(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          data = undefined;
        }
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          const e = (data ?? {}) as { error?: string; message?: string };
          reject(
            new SlackMockError(
              `slackmock: ${method} ${url.pathname}: ${status} ${e.error ?? ''}: ${e.message ?? text}`,
              status,
              e.error ?? '',
            ),
          );
          return;
        }
        resolve(data as T);
      });
    });
    req.on('error', (e: Error & { reusedSocket?: boolean }) => {
      // A reset on a connection kept alive from an earlier request: request() tries again.
      if ((e as { code?: string }).code === 'ECONNRESET' && req.reusedSocket) e.reusedSocket = true;
      reject(e);
    });
    req.end(body);
  });
}
