// An org of its own for each test, on the one slackmock of the run: with-mock.mjs starts the
// mock and sets SLACKMOCK_URL to it. Each org has its own state, journal, faults, rate limit
// and jobs (POST /_mock/orgs), so the test files run at once and no test restores, clears or
// reads anything another test uses. Node's standard library only.

import assert from 'node:assert/strict';

/**
 * The base URL of the run's mock, such as http://127.0.0.1:PORT.
 *
 * @returns {string}
 */
export function mockBase() {
  const base = process.env.SLACKMOCK_URL;
  if (!base) {
    throw new Error('SLACKMOCK_URL is not set: run the tests with `npm test`, or `node with-mock.mjs node --test FILE`');
  }
  return base.replace(/\/$/, '');
}

/**
 * Makes an org for test t from the fixture the mock started with (the demo fixture), and ends
 * it when t ends, failing t if the mock does not end it.
 *
 * @param {import('node:test').TestContext} t
 * @returns {Promise<Org>}
 */
export async function newOrg(t) {
  const base = mockBase();
  const res = await fetch(`${base}/_mock/orgs`, { method: 'POST' });
  const text = await res.text();
  assert.equal(res.status, 201, `POST /_mock/orgs: ${text}`);
  const org = new Org(JSON.parse(text));
  t.after(async () => {
    const end = await fetch(`${base}/_mock/orgs/${org.id}`, { method: 'DELETE' });
    assert.equal(end.status, 200, `DELETE /_mock/orgs/${org.id}: ${await end.text()}`);
  });
  return org;
}

/** One org of the mock: where a Slack client calls it, and its control API. */
export class Org {
  /** @param {{id: string, api_url: string, control_url: string}} served as POST /_mock/orgs answers */
  constructor(served) {
    /** @type {string} such as o7 */
    this.id = served.id;
    /** @type {string} the base URL of its Slack methods, ending in /api/: a WebClient's slackApiUrl */
    this.apiUrl = served.api_url;
    /** @type {string} its control API, ending in /_mock/ */
    this.controlUrl = served.control_url;
  }

  /**
   * A call of the org's control API: answers the parsed JSON, failing on any status but 200.
   *
   * @param {string} method
   * @param {string} path below the control URL, such as `sessions?user_id=W0BOB0001`
   * @param {unknown} [body] sent as JSON
   */
  async control(method, path, body) {
    const res = await fetch(this.controlUrl + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `${method} ${this.controlUrl}${path}: ${text}`);
    return JSON.parse(text);
  }

  /**
   * The live sessions, as /_mock/sessions lists them (by id).
   *
   * @param {string} [query] such as `?user_id=W0BOB0001`
   * @returns {Promise<Array<{session_id: number, user_id: string, team_id: string}>>}
   */
  async sessions(query = '') {
    return (await this.control('GET', `sessions${query}`)).sessions;
  }

  /**
   * The ids of the live sessions of user, sorted.
   *
   * @param {string} user
   * @returns {Promise<number[]>}
   */
  async sessionsOf(user) {
    return (await this.sessions(`?user_id=${user}`)).map((s) => s.session_id).sort((a, b) => a - b);
  }

  /**
   * The journal, oldest first: every call, or only method's.
   *
   * @param {string} [method]
   * @returns {Promise<Array<Record<string, any>>>}
   */
  async journal(method) {
    const { requests, dropped } = await this.control('GET', method === undefined ? 'requests' : `requests?method=${method}`);
    assert.equal(dropped, 0);
    return requests;
  }

  /**
   * A raw call of a Slack method (what the SDK cannot send): status, headers and parsed body.
   *
   * @param {string} path the method, and any query string
   * @param {RequestInit} [init]
   * @returns {Promise<{status: number, headers: Headers, body: any}>}
   */
  async raw(path, init = {}) {
    const res = await fetch(this.apiUrl + path, init);
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      assert.fail(`${path}: not JSON (${res.status}): ${text}`);
    }
    return { status: res.status, headers: res.headers, body };
  }
}
