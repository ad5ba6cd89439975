// Contract test: Slack's official Node SDK, @slack/web-api, against slackmock, pointed at it
// by its base URL alone. It proves that the mock answers the SDK as Slack would (success,
// platform errors, 429 with Retry-After) and shows, through the mock's journal, what the SDK
// really sends.
//
//   npm ci && npm test        (in contract/node; needs Go to build the mock)

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';

import { startMock } from './slackmock.mjs';

const ADMIN = 'xoxp-demo-admin';
const READONLY = 'xoxp-demo-readonly';
const UNKNOWN = 'xoxp-no-such-token';
const INVALIDATE = 'admin.users.session.invalidate';
const RESET = 'admin.users.session.reset';
// The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
const BOB = 'W0BOB0001';
const BOB_MOBILE = 1112275520242;
const BOB_WEB_2 = 1112275520243;
const BOB_WEB_1 = 1112275520244;

let mock;
let apiUrl;

/** A control API call: answers the parsed JSON, failing on any status but 200. */
async function control(method, path, body) {
  const res = await fetch(`${mock.base}/_mock/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} /_mock/${path}: ${text}`);
  return JSON.parse(text);
}

/** The ids of the live sessions of user, sorted. */
async function sessionsOf(user) {
  const { sessions } = await control('GET', `sessions?user_id=${user}`);
  return sessions.map((s) => s.session_id).sort((a, b) => a - b);
}

/** The journal of method's calls, oldest first. */
async function journal(method) {
  const { requests, dropped } = await control('GET', `requests?method=${method}`);
  assert.equal(dropped, 0);
  return requests;
}

/** A logger that keeps what the SDK logs, so that the test output stays clean. */
function quietLogger() {
  const lines = [];
  const keep = (level) => (...msg) => lines.push(`${level} ${msg.join(' ')}`);
  return {
    lines,
    debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error'),
    setLevel() {}, getLevel() { return 'debug'; }, setName() {},
  };
}

/** A client of the mock for token: the base URL, and a logger kept out of the test output. */
function clientFor(token, options = {}) {
  return new WebClient(token, { slackApiUrl: apiUrl, logger: quietLogger(), ...options });
}

/** Asserts that p rejects with the SDK's platform error for code, and answers the error. */
async function platformError(p, code) {
  const err = await p.then(
    (res) => assert.fail(`expected ${code}, got ${JSON.stringify(res)}`),
    (e) => e,
  );
  assert.equal(err.code, ErrorCode.PlatformError, err.stack);
  assert.equal(err.data.ok, false);
  assert.equal(err.data.error, code);
  return err;
}

before(async () => {
  mock = await startMock();
  apiUrl = `${mock.base}/api/`;
}, { timeout: 300_000 }); // a cold `go build` of the mock takes a while on 2 cores

after(async () => {
  if (mock) assert.equal(await mock.stop(), 0, 'slackmock stops cleanly on SIGTERM');
});

beforeEach(async () => {
  await control('POST', 'reset');
  await control('DELETE', 'faults');
  await control('DELETE', 'requests');
});

describe('the SDK needs nothing but the base URL', () => {
  test('a WebClient given only slackApiUrl calls both methods', async () => {
    // No custom fetch, headers, agent or retry policy: the SDK's own defaults throughout.
    const client = new WebClient(ADMIN, { slackApiUrl: apiUrl });
    assert.deepEqual(await client.admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_MOBILE) }),
      { ok: true, response_metadata: {} });
    assert.deepEqual(await client.admin.users.session.reset({ user_id: BOB }), { ok: true, response_metadata: {} });
    assert.deepEqual(await sessionsOf(BOB), []);
    // Both calls reached the mock, and nothing else did.
    const calls = (await control('GET', 'requests')).requests;
    assert.deepEqual(calls.map((e) => [e.method, e.status, e.error]), [[INVALIDATE, 200, undefined], [RESET, 200, undefined]]);
  });

  test('a base URL without its trailing slash works too', async () => {
    const client = new WebClient(ADMIN, { slackApiUrl: `${mock.base}/api` });
    await client.admin.users.session.reset({ user_id: BOB, web_only: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE]);
  });
});

describe('success', () => {
  test('admin.users.session.invalidate ends one session', async () => {
    const res = await clientFor(ADMIN).admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_MOBILE) });
    assert.equal(res.ok, true);
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    // What the SDK sent: a form body without charset, the token in the Authorization header
    // (so never among the args), session_id as a decimal string, no team_id of its own.
    const [e, ...more] = await journal(INVALIDATE);
    assert.deepEqual(more, []);
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { team_id: 'T0DEMO002', session_id: '1112275520242' });
    assert.equal(e.status, 200);
    assert.equal(e.error, undefined);
    assert.equal(e.fault, undefined);
  });

  test('a session_id given as a JS number goes out as the same decimal string', async () => {
    // The SDK types session_id as a string; callers holding a number get the same wire form.
    await clientFor(ADMIN).apiCall(INVALIDATE, { team_id: 'T0DEMO002', session_id: BOB_MOBILE });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    assert.deepEqual((await journal(INVALIDATE))[0].args, { team_id: 'T0DEMO002', session_id: '1112275520242' });
  });

  test('admin.users.session.reset with mobile_only ends only the mobile sessions', async () => {
    const res = await clientFor(ADMIN).admin.users.session.reset({ user_id: BOB, mobile_only: true });
    assert.equal(res.ok, true);
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e, ...more] = await journal(RESET);
    assert.deepEqual(more, []);
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' }); // the SDK writes booleans as true/false
    assert.equal(e.status, 200);
    assert.equal(e.error, undefined);
  });

  test('a token given per call goes in the header too', async () => {
    await clientFor(undefined).admin.users.session.reset({ token: ADMIN, user_id: BOB });
    assert.deepEqual(await sessionsOf(BOB), []);
    const [e] = await journal(RESET);
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { user_id: BOB });
  });
});

describe('errors arrive as the SDK platform error, and change nothing', () => {
  const all = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1];

  test('auth: an unknown token is invalid_auth', async () => {
    await platformError(clientFor(UNKNOWN).admin.users.session.reset({ user_id: BOB }), 'invalid_auth');
    assert.deepEqual(await sessionsOf(BOB), all);
    const [e] = await journal(RESET);
    assert.equal(e.status, 200);
    assert.equal(e.error, 'invalid_auth');
  });

  test('scope: a token without admin.users:write is missing_scope, with needed and provided', async () => {
    const err = await platformError(
      clientFor(READONLY).admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_MOBILE) }),
      'missing_scope',
    );
    assert.equal(err.data.needed, 'admin.users:write');
    assert.equal(err.data.provided, 'admin.users:read');
    assert.deepEqual(await sessionsOf(BOB), all);
    const [e] = await journal(INVALIDATE);
    assert.equal(e.error, 'missing_scope');
  });

  test('method: a session of another team is session_not_found', async () => {
    // 1112275520244 is Bob's, but in T0DEMO001.
    await platformError(
      clientFor(ADMIN).admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_WEB_1) }),
      'session_not_found',
    );
    assert.deepEqual(await sessionsOf(BOB), all);
  });

  test('method: an unknown user is user_not_found', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.reset({ user_id: 'W0NOBODY1' }), 'user_not_found');
    assert.deepEqual(await sessionsOf(BOB), all);
  });

  test('arguments: mobile_only with web_only is invalid_arguments, which the SDK logs as an error', async () => {
    const logger = quietLogger();
    const err = await platformError(
      clientFor(ADMIN, { logger }).admin.users.session.reset({ user_id: BOB, mobile_only: true, web_only: true }),
      'invalid_arguments',
    );
    assert.equal(err.data.response_metadata.messages.length, 1);
    assert.match(err.data.response_metadata.messages[0], /^\[ERROR\] .*mobile_only/);
    assert.ok(logger.lines.some((l) => l.startsWith('error ') && l.includes('mobile_only')), logger.lines.join('\n'));
    assert.deepEqual(await sessionsOf(BOB), all);
  });
});

describe('429 and Retry-After', () => {
  const fault = { method: RESET, status: 429, error: 'ratelimited', retry_after: 1, times: 1 };

  test('the SDK waits Retry-After, retries by itself and succeeds', async () => {
    await control('POST', 'faults', fault);
    // One retry, with no backoff of p-retry's own on top of the Retry-After wait.
    const client = clientFor(ADMIN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const waits = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter) => waits.push(retryAfter));

    const start = performance.now();
    const res = await client.admin.users.session.reset({ user_id: BOB, mobile_only: true });
    const elapsed = performance.now() - start;
    assert.equal(res.ok, true);
    assert.deepEqual(waits, [1]);
    assert.ok(elapsed >= 950, `the SDK retried after ${elapsed} ms, before Retry-After's 1 s`);
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const calls = await journal(RESET);
    assert.deepEqual(calls.map((e) => ({ status: e.status, error: e.error, fault: e.fault, args: e.args })), [
      { status: 429, error: 'ratelimited', fault: true, args: { user_id: BOB, mobile_only: 'true' } },
      { status: 200, error: undefined, fault: undefined, args: { user_id: BOB, mobile_only: 'true' } },
    ]);
    assert.deepEqual((await control('GET', 'faults')).faults, [], 'a fault with times 1 goes away once used');
  });

  test('with rejectRateLimitedCalls the SDK throws its rate-limited error with retryAfter', async () => {
    await control('POST', 'faults', fault);
    const client = clientFor(ADMIN, { rejectRateLimitedCalls: true, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const err = await client.admin.users.session.reset({ user_id: BOB, mobile_only: true }).then(
      () => assert.fail('expected a rate-limited error'),
      (e) => e,
    );
    assert.equal(err.code, ErrorCode.RateLimitedError, err.stack);
    assert.equal(err.retryAfter, 1);
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1], 'a faulted call changes nothing');
    const calls = await journal(RESET);
    assert.deepEqual(calls.map((e) => [e.status, e.error, e.fault]), [[429, 'ratelimited', true]]);
  });
});
