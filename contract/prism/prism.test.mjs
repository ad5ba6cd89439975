// Contract test: Prism in proxy mode, validating against openapi.yaml, in front of slackmock.
// Calls go out as Slack's SDKs send them (the Node SDK itself; Python/Java-style forms, with
// booleans as 1/0 and user_ids comma-separated; multipart; the token in the header or as a
// form field; JSON with a charset), for all nine methods, success and typical errors, and
// faults (429, 5xx). Any violation Prism reports fails the call: an answer of Prism's own
// (application/problem+json: 422 for a request, 500 for an answer that breaks the spec), an
// `sl-violations` header (warnings too), or a "Violation" line in Prism's log. Every call
// must also have reached the mock (its X-Slack-Req-Id is in the mock's journal).
//
//   npm ci && npm test        (in contract/prism; needs Go to build the mock)

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';

import { ErrorCode, WebClient } from '@slack/web-api';

import { repoRoot, startMock } from '../node/slackmock.mjs';
import { startPrism } from './prism.mjs';

const SPEC = `${repoRoot}openapi.yaml`;

const ADMIN = 'xoxp-demo-admin';
const READONLY = 'xoxp-demo-readonly';
const WRITEONLY = 'xoxp-demo-writeonly';
const MEMBER = 'xoxp-demo-member';
const BOT = 'xoxb-demo-bot';
const UNKNOWN = 'xoxp-no-such-token';
const BOB = 'W0BOB0001';
const ALICE = 'W0ALICE01';
const OWNER = 'W0OWNER01';
const BOT_USER = 'W0BOT0001';
const NOBODY = 'W0NOBODY1';
const NONE = null; // no token at all (undefined would take the default, ADMIN)
const BOB_MOBILE = 1112275520242;
const BOB_WEB_2 = 1112275520243;
const BOB_WEB_1 = 1112275520244; // in T0DEMO001
const OWNER_WEB = 3330000000001;

let mock;
let prism;
// The answers of Prism's own (errors#KIND in its log) that tests below cause on purpose.
const expectedPrismErrors = [];

/** A control API call of the mock (never through Prism): the parsed JSON, failing on any status but 200. */
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

/** What Prism says about one answer: nothing, when it found no violation. */
function violations(status, headers, text) {
  const found = [];
  const sl = headers.get('sl-violations');
  if (sl !== null) found.push(`sl-violations: ${sl}`);
  if ((headers.get('content-type') ?? '').startsWith('application/problem+json')) found.push(`Prism answered ${status} itself: ${text}`);
  return found;
}

/**
 * Asserts that the answer carries no violation and came from the mock: its X-Slack-Req-Id is
 * in the journal, for method. Answers the journal entry.
 */
async function clean(what, method, { status, headers, text }) {
  assert.deepEqual(violations(status, headers, text), [], what);
  assert.match(headers.get('content-type') ?? '', /^application\/json/, `${what}: ${text}`);
  const id = headers.get('x-slack-req-id');
  assert.ok(id, `${what}: no X-Slack-Req-Id, so not the mock's answer: ${status} ${text}`);
  const { requests } = await control('GET', 'requests');
  const e = requests.find((r) => r.request_id === id);
  assert.ok(e, `${what}: request ${id} is not in the mock's journal`);
  assert.equal(e.method, method);
  return e;
}

/** A form value as a Python or Java SDK writes it: booleans 1/0, lists comma-separated. */
function pythonValue(v) {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** A form value as the Node SDK writes it: booleans true/false, anything not a string as JSON. */
function nodeValue(v) {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/**
 * Sends one call through Prism, the way style says, and answers status, headers, text, body.
 * Styles: `python` (a form, Python/Java values; `python-charset` with `; charset=utf-8`, which
 * Slack answers with the warning superfluous_charset), `multipart` (multipart/form-data, Node
 * values), `json` (application/json; charset=utf-8, the arguments as JSON). With tokenIn
 * 'form' the token is a form field instead of the Authorization header.
 */
async function send(method, { style, token = ADMIN, tokenIn = 'header', args = {} }) {
  const headers = {};
  if (token !== NONE && tokenIn === 'header') headers.Authorization = `Bearer ${token}`;
  const fields = token !== NONE && tokenIn === 'form' ? { ...args, token } : args;
  let body;
  switch (style) {
    case 'python':
    case 'python-charset':
      headers['Content-Type'] = style === 'python' ? 'application/x-www-form-urlencoded' : 'application/x-www-form-urlencoded; charset=utf-8';
      body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, pythonValue(v)])).toString();
      break;
    case 'multipart':
      body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, nodeValue(v));
      break;
    case 'json':
      assert.equal(tokenIn, 'header', 'a token in a JSON body is never read');
      headers['Content-Type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(args);
      break;
    default:
      throw new Error(`unknown style ${style}`);
  }
  const res = await fetch(`${prism.base}/${method}`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** A logger that keeps what the SDK logs, so that the test output stays clean. */
function quietLogger() {
  const keep = () => () => {};
  return { debug: keep(), info: keep(), warn: keep(), error: keep(), setLevel() {}, getLevel() { return 'error'; }, setName() {} };
}

/**
 * The Node SDK's WebClient on Prism, with a fetch that keeps every answer's status and
 * headers (the SDK hides them), so that each can be checked for violations.
 */
function nodeClient(token, options = {}) {
  const answers = [];
  const client = new WebClient(token ?? undefined, {
    slackApiUrl: `${prism.base}/`,
    logger: quietLogger(),
    retryConfig: { retries: 0 },
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      const copy = res.clone();
      answers.push({ url, status: res.status, headers: res.headers, text: await copy.text() });
      return res;
    },
    ...options,
  });
  return { client, answers };
}

/** Calls method with the Node SDK through Prism; answers the result or the platform error's data. */
async function sdkCall(token, method, args) {
  const { client, answers } = nodeClient(token);
  let data;
  try {
    data = await client.apiCall(method, args);
  } catch (e) {
    if (e.code !== ErrorCode.PlatformError) {
      const a = answers.at(-1);
      assert.fail(`${method}: the SDK threw ${e.code} (${e.message}); the answer: ${a?.status} ${a?.text}`);
    }
    data = e.data;
  }
  assert.equal(answers.length, 1);
  return { data, answer: answers[0] };
}

before(async () => {
  mock = await startMock();
  prism = await startPrism(SPEC, `${mock.base}/api`);
}, { timeout: 300_000 }); // a cold `go build` of the mock takes a while on 2 cores

after(async () => {
  await prism?.stop();
  if (mock) assert.equal(await mock.stop(), 0, 'slackmock stops cleanly on SIGTERM');
});

beforeEach(async () => {
  await control('GET', 'jobs?wait=5s'); // no job of an earlier test still running
  await control('POST', 'restore');
  await control('DELETE', 'faults');
  await control('DELETE', 'ratelimit');
  await control('DELETE', 'requests');
});

// The calls: [method, style, args, expected error (undefined: ok), token, tokenIn]. Style
// `node` is the Node SDK itself (WebClient.apiCall through Prism); the others are in send().
const calls = [
  // admin.users.session.invalidate
  ['admin.users.session.invalidate', 'node', { user_id: BOB, session_id: String(BOB_MOBILE) }],
  ['admin.users.session.invalidate', 'node', { user_id: BOB, team_id: 'T0DEMO002', session_id: BOB_WEB_2 }],
  ['admin.users.session.invalidate', 'python', { user_id: BOB, session_id: BOB_MOBILE, team_id: 'T0DEMO002' }],
  ['admin.users.session.invalidate', 'python', { user_id: BOB, session_id: BOB_WEB_1 }, undefined, ADMIN, 'form'],
  ['admin.users.session.invalidate', 'multipart', { user_id: BOB, session_id: BOB_MOBILE }, undefined, ADMIN, 'form'],
  ['admin.users.session.invalidate', 'json', { user_id: BOB, session_id: BOB_MOBILE }],
  ['admin.users.session.invalidate', 'json', { user_id: BOB, session_id: BOB_WEB_1, team_id: null }],
  ['admin.users.session.invalidate', 'node', { user_id: NOBODY, session_id: String(BOB_MOBILE) }, 'user_not_found'],
  ['admin.users.session.invalidate', 'python', { user_id: ALICE, session_id: BOB_MOBILE }, 'session_not_found'],
  ['admin.users.session.invalidate', 'json', { user_id: BOB, team_id: 'T0DEMO002', session_id: BOB_WEB_1 }, 'session_not_found'],
  ['admin.users.session.invalidate', 'node', { user_id: BOB, session_id: String(BOB_MOBILE) }, 'missing_scope', READONLY],
  ['admin.users.session.invalidate', 'python', { user_id: BOB, session_id: '0' }, 'invalid_arguments'],
  ['admin.users.session.invalidate', 'python', { user_id: BOB, session_id: '9999999999999999999' }, 'invalid_arguments'],
  ['admin.users.session.invalidate', 'python', { user_id: OWNER, session_id: OWNER_WEB }, 'cannot_invalidate_primary_owner'],
  ['admin.users.session.invalidate', 'node', { user_id: BOB, session_id: String(BOB_MOBILE) }, 'not_an_admin', MEMBER],
  // admin.users.session.reset
  ['admin.users.session.reset', 'node', { user_id: BOB, mobile_only: true }],
  ['admin.users.session.reset', 'node', { user_id: BOB, mobile_only: false, web_only: false }],
  ['admin.users.session.reset', 'python', { user_id: BOB, mobile_only: true, web_only: false }],
  ['admin.users.session.reset', 'python', { user_id: BOB, web_only: true }, undefined, ADMIN, 'form'],
  ['admin.users.session.reset', 'multipart', { user_id: BOB, web_only: true }],
  ['admin.users.session.reset', 'python-charset', { user_id: BOB, mobile_only: false }],
  ['admin.users.session.reset', 'json', { user_id: BOB, web_only: true, mobile_only: null }],
  ['admin.users.session.reset', 'node', { user_id: NOBODY }, 'user_not_found'],
  ['admin.users.session.reset', 'python', { user_id: BOB }, 'missing_scope', READONLY],
  ['admin.users.session.reset', 'node', { user_id: BOB, mobile_only: true, web_only: true }, 'invalid_arguments'],
  ['admin.users.session.reset', 'python', { user_id: BOB, mobile_only: true, web_only: true }, 'invalid_arguments'],
  ['admin.users.session.reset', 'json', { user_id: OWNER }, 'cannot_reset_primary_owner'],
  ['admin.users.session.reset', 'python', { user_id: BOB }, 'not_allowed_token_type', BOT],
  ['admin.users.session.reset', 'node', { user_id: BOB }, 'invalid_auth', UNKNOWN],
  ['admin.users.session.reset', 'python', { user_id: BOB }, 'token_revoked', 'xoxp-demo-revoked', 'form'],
  ['admin.users.session.reset', 'python', { user_id: BOB }, 'not_authed', NONE],
  // admin.users.session.list
  ['admin.users.session.list', 'node', { limit: 2 }],
  ['admin.users.session.list', 'node', {}],
  ['admin.users.session.list', 'python', { limit: 3 }],
  ['admin.users.session.list', 'python', { user_id: BOB, team_id: 'T0DEMO002' }, undefined, ADMIN, 'form'],
  ['admin.users.session.list', 'multipart', { limit: 1000 }],
  ['admin.users.session.list', 'json', { limit: 2, cursor: null }],
  ['admin.users.session.list', 'json', { user_id: ALICE, team_id: 'T0DEMO001' }],
  ['admin.users.session.list', 'node', { user_id: BOB }, 'missing_team'],
  ['admin.users.session.list', 'json', { team_id: 'T0DEMO001' }, 'missing_user'],
  ['admin.users.session.list', 'python', { cursor: 'not-a-cursor' }, 'invalid_cursor'],
  ['admin.users.session.list', 'node', {}, 'missing_scope', WRITEONLY],
  ['admin.users.session.list', 'python', { limit: 0 }, 'invalid_arguments'],
  ['admin.users.session.list', 'node', { limit: 1001 }, 'invalid_arguments'],
  ['admin.users.session.list', 'python', { user_id: BOT_USER, team_id: 'T0DEMO001' }, 'bots_not_allowed'],
  ['admin.users.session.list', 'json', { user_id: NOBODY, team_id: 'T0DEMO001' }, 'user_not_found'],
  ['admin.users.session.list', 'json', { user_id: BOB, team_id: 'T0NOTEAM1' }, 'team_not_found'],
  // admin.users.session.resetBulk
  ['admin.users.session.resetBulk', 'node', { user_ids: [BOB, ALICE], mobile_only: true }],
  ['admin.users.session.resetBulk', 'python', { user_ids: [BOB, ALICE], web_only: true, mobile_only: false }],
  ['admin.users.session.resetBulk', 'multipart', { user_ids: [BOB] }, undefined, ADMIN, 'form'],
  ['admin.users.session.resetBulk', 'json', { user_ids: [BOB, ALICE], mobile_only: true }],
  ['admin.users.session.resetBulk', 'node', { user_ids: [BOB, NOBODY] }, 'user_not_found'],
  ['admin.users.session.resetBulk', 'python', { user_ids: [BOB] }, 'missing_scope', READONLY],
  ['admin.users.session.resetBulk', 'json', { user_ids: [BOB], mobile_only: true, web_only: true }, 'invalid_arguments'],
  ['admin.users.session.resetBulk', 'python', { user_ids: [BOT_USER] }, 'cannot_reset_bot'],
  // admin.users.session.setSettings
  ['admin.users.session.setSettings', 'node', { user_ids: [BOB, ALICE], duration: 86400, desktop_app_browser_quit: true }],
  ['admin.users.session.setSettings', 'python', { user_ids: [BOB, ALICE], desktop_app_browser_quit: false }],
  ['admin.users.session.setSettings', 'python', { user_ids: [BOB], duration: 28800 }, undefined, ADMIN, 'form'],
  ['admin.users.session.setSettings', 'multipart', { user_ids: [BOB], duration: 315569520 }],
  ['admin.users.session.setSettings', 'json', { user_ids: [BOB, ALICE], duration: 86400, desktop_app_browser_quit: null }],
  ['admin.users.session.setSettings', 'node', { user_ids: [BOB] }, 'at_least_one_session_setting_required'],
  ['admin.users.session.setSettings', 'python', { user_ids: [BOB], duration: 100 }, 'invalid_arguments'],
  ['admin.users.session.setSettings', 'node', { user_ids: [NOBODY], duration: 86400 }, 'user_not_found'],
  ['admin.users.session.setSettings', 'json', { user_ids: [BOT_USER], duration: 86400 }, 'bots_not_allowed'],
  ['admin.users.session.setSettings', 'python', { user_ids: [BOB], duration: 86400 }, 'missing_scope', READONLY],
  // admin.users.session.getSettings
  ['admin.users.session.getSettings', 'node', { user_ids: [BOB, ALICE] }],
  ['admin.users.session.getSettings', 'python', { user_ids: [BOB, ALICE] }],
  ['admin.users.session.getSettings', 'multipart', { user_ids: [BOB] }, undefined, ADMIN, 'form'],
  ['admin.users.session.getSettings', 'json', { user_ids: [BOB, ALICE, OWNER] }],
  ['admin.users.session.getSettings', 'node', { user_ids: [NOBODY] }, 'user_not_found'],
  ['admin.users.session.getSettings', 'python', { user_ids: [BOB] }, 'missing_scope', WRITEONLY],
  ['admin.users.session.getSettings', 'json', { user_ids: [BOT_USER] }, 'bots_not_allowed'],
  ['admin.users.session.getSettings', 'node', { user_ids: [] }, 'invalid_arguments'],
  // admin.users.session.clearSettings
  ['admin.users.session.clearSettings', 'node', { user_ids: [BOB, ALICE] }],
  ['admin.users.session.clearSettings', 'python', { user_ids: [BOB] }, undefined, ADMIN, 'form'],
  ['admin.users.session.clearSettings', 'json', { user_ids: [BOB] }],
  ['admin.users.session.clearSettings', 'python', { user_ids: [NOBODY] }, 'user_not_found'],
  ['admin.users.session.clearSettings', 'node', { user_ids: [BOB] }, 'missing_scope', READONLY],
  ['admin.users.session.clearSettings', 'multipart', { user_ids: [] }, 'invalid_arguments'],
  ['admin.users.session.clearSettings', 'python-charset', { user_ids: [BOB, ALICE] }],
  // auth.test
  ['auth.test', 'node', {}],
  ['auth.test', 'node', {}, undefined, BOT],
  ['auth.test', 'python', {}],
  ['auth.test', 'python', {}, undefined, READONLY, 'form'],
  ['auth.test', 'multipart', {}, undefined, BOT, 'form'],
  ['auth.test', 'json', {}],
  ['auth.test', 'python-charset', {}, undefined, BOT, 'form'],
  ['auth.test', 'node', {}, 'invalid_auth', UNKNOWN],
  ['auth.test', 'python', {}, 'token_revoked', 'xoxp-demo-revoked'],
  ['auth.test', 'json', {}, 'token_expired', 'xoxp-demo-expired'],
  ['auth.test', 'python', {}, 'account_inactive', 'xoxp-demo-inactive', 'form'],
  ['auth.test', 'node', {}, 'not_authed', NONE],
  // api.test (no token needed: these send none; see the next describe for the Node SDK with one)
  ['api.test', 'node', { foo: 'bar' }, undefined, NONE],
  ['api.test', 'python', { foo: 'bar', flag: true }, undefined, NONE],
  ['api.test', 'multipart', { foo: 'bar' }, undefined, NONE],
  ['api.test', 'json', { foo: 'bar', error: null }, undefined, NONE],
  ['api.test', 'python', { foo: 'bar' }, undefined, ADMIN, 'form'],
  ['api.test', 'node', { error: 'my_error' }, 'my_error', NONE],
  ['api.test', 'json', { error: 'my_error' }, 'my_error', NONE],
];

describe('every method, every style, success and errors: no violation', () => {
  for (const [method, style, args, error, token = ADMIN, tokenIn = 'header'] of calls) {
    const who = token === NONE ? 'no token' : `${token} in the ${tokenIn}`;
    const name = `${method} ${style} ${JSON.stringify(args)} (${who}) → ${error ?? 'ok'}`;
    test(name, async () => {
      let body;
      let answer;
      if (style === 'node') {
        assert.equal(tokenIn, 'header', 'the Node SDK sends its token in the header');
        ({ data: body, answer } = await sdkCall(token, method, args));
      } else {
        answer = await send(method, { style, token, tokenIn, args });
        body = answer.body;
      }
      const e = await clean(name, method, answer);
      assert.equal(answer.status, 200);
      assert.equal(body.ok, error === undefined, JSON.stringify(body));
      assert.equal(body.error, error, JSON.stringify(body));
      assert.equal(e.error, error);
      if (token !== NONE && error === undefined && method !== 'api.test') assert.equal(e.token_from, tokenIn);
    });
  }
});

describe('multi-call flows through Prism', () => {
  test('the Node SDK\'s paginate over list, limit 2: every page clean, every session once', async () => {
    const { client, answers } = nodeClient(ADMIN);
    const seen = [];
    for await (const page of client.paginate('admin.users.session.list', { limit: 2 })) {
      seen.push(...page.active_sessions.map((s) => s.session_id));
    }
    assert.ok(answers.length > 1, 'more than one page');
    for (const a of answers) await clean(`page ${a.url}`, 'admin.users.session.list', a);
    const { sessions } = await control('GET', 'sessions');
    assert.deepEqual(seen.sort((a, b) => a - b), sessions.map((s) => s.session_id).sort((a, b) => a - b));
  });

  test('settings through Prism: set, get, clear, get', async () => {
    const steps = [
      ['admin.users.session.setSettings', { user_ids: [BOB], duration: 86400, desktop_app_browser_quit: true }],
      ['admin.users.session.getSettings', { user_ids: [BOB] }],
      ['admin.users.session.clearSettings', { user_ids: [BOB] }],
      ['admin.users.session.getSettings', { user_ids: [BOB] }],
    ];
    const results = [];
    for (const [method, args] of steps) {
      const { data, answer } = await sdkCall(ADMIN, method, args);
      await clean(method, method, answer);
      results.push(data);
    }
    assert.deepEqual(results[1].session_settings, [{ user_id: BOB, duration: 86400, desktop_app_browser_quit: true }]);
    assert.deepEqual(results[3].session_settings, []);
    assert.deepEqual(results[3].no_settings_applied, [BOB]);
  });

  test('resetBulk through Prism, then its job ends the sessions', async () => {
    const { answer } = await sdkCall(ADMIN, 'admin.users.session.resetBulk', { user_ids: [BOB], mobile_only: true });
    const e = await clean('resetBulk', 'admin.users.session.resetBulk', answer);
    const { jobs } = await control('GET', 'jobs?wait=5s');
    assert.equal(jobs.find((j) => j.request_id === e.request_id)?.done, true);
    const { sessions } = await control('GET', `sessions?user_id=${BOB}`);
    assert.deepEqual(sessions.map((s) => s.session_id), [BOB_WEB_2, BOB_WEB_1]);
  });
});

describe('faults through Prism', () => {
  test('a 429 answer (Retry-After, ratelimited) is what the spec says', async () => {
    await control('POST', 'faults', { method: 'admin.users.session.reset', status: 429, error: 'ratelimited', retry_after: 1, times: 1 });
    const answer = await send('admin.users.session.reset', { style: 'python', args: { user_id: BOB, mobile_only: true } });
    const e = await clean('429', 'admin.users.session.reset', answer);
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '1');
    assert.deepEqual(answer.body, { ok: false, error: 'ratelimited' });
    assert.equal(e.fault, true);
  });

  test('a 429 on list that the Node SDK waits out and retries, both answers clean', async () => {
    await control('POST', 'faults', { method: 'admin.users.session.list', status: 429, retry_after: 1, times: 1 });
    const { client, answers } = nodeClient(ADMIN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const res = await client.admin.users.session.list({ limit: 2 });
    assert.equal(res.ok, true);
    assert.deepEqual(answers.map((a) => a.status), [429, 200]);
    for (const a of answers) await clean(`answer ${a.status}`, 'admin.users.session.list', a);
  });

  test('a 503 answer is the spec\'s Failure', async () => {
    await control('POST', 'faults', { method: 'auth.test', status: 503, error: 'service_unavailable', times: 1 });
    const answer = await send('auth.test', { style: 'python' });
    await clean('503', 'auth.test', answer);
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, { ok: false, error: 'service_unavailable' });
  });

  test('a Slack error injected with status 200 (internal_error on getSettings)', async () => {
    await control('POST', 'faults', { method: 'admin.users.session.getSettings', error: 'internal_error', times: 1 });
    const answer = await send('admin.users.session.getSettings', { style: 'json', args: { user_ids: [BOB] } });
    await clean('200 fault', 'admin.users.session.getSettings', answer);
    assert.deepEqual(answer.body, { ok: false, error: 'internal_error' });
  });
});

describe('the checks are not vacuous', () => {
  test('a request that breaks the spec is refused by Prism with 422, and never reaches the mock', async () => {
    expectedPrismErrors.push('UNPROCESSABLE_ENTITY');
    const answer = await send('admin.users.session.reset', { style: 'python', args: { user_id: BOB, mobile_only: 'yes' } });
    assert.equal(answer.status, 422);
    const found = violations(answer.status, answer.headers, answer.text);
    assert.ok(found.some((v) => v.includes('mobile_only')), found.join('\n'));
    assert.deepEqual((await control('GET', 'requests')).requests, []);
  });

  test('an answer that breaks the spec is caught: Prism answers 500 with the violations', async () => {
    // A second Prism, in front of an upstream that answers what the spec forbids.
    const bad = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' }); // and no X-Slack-Req-Id
        res.end(JSON.stringify({ ok: 'yes', active_sessions: [{ user_id: BOB, session_id: 'one' }] }));
      });
    });
    await new Promise((resolve) => bad.listen(0, '127.0.0.1', resolve));
    const other = await startPrism(SPEC, `http://127.0.0.1:${bad.address().port}/api`);
    try {
      const res = await fetch(`${other.base}/admin.users.session.list`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'limit=2',
      });
      const text = await res.text();
      assert.equal(res.status, 500, text);
      const found = violations(res.status, res.headers, text);
      assert.ok(found.length > 0);
      const problem = JSON.parse(text);
      const where = problem.validation.map((v) => v.location.join('.'));
      assert.ok(where.includes('response.body.ok'), JSON.stringify(problem.validation));
      assert.ok(where.some((w) => w.startsWith('response.body.active_sessions')), JSON.stringify(problem.validation));
      assert.ok(problem.validation.some((v) => v.location.join('.') === 'response.header' && v.message.includes('x-slack-req-id')),
        'Prism checks the required X-Slack-Req-Id header too');
      await other.logged(/errors#VIOLATIONS/); // Prism logs it too
    } finally {
      await other.stop();
      await new Promise((resolve) => bad.close(resolve));
    }
  }, { timeout: 120_000 });
});

describe('api.test with a token, which it does not read (its security allows a bearer token or none)', () => {
  test('from a Node WebClient that has a token: the SDK sends Authorization: Bearer', async () => {
    const { client, answers } = nodeClient(ADMIN);
    const data = await client.api.test({ foo: 'bar' });
    const [answer] = answers;
    await clean('api.test with a token', 'api.test', answer);
    assert.deepEqual(data.args, { foo: 'bar' });
  });

  test('from a Python-style client that has a token: the same Authorization header', async () => {
    const answer = await send('api.test', { style: 'python', args: { foo: 'bar' } });
    await clean('api.test with a token', 'api.test', answer);
    assert.deepEqual(answer.body, { ok: true, args: { foo: 'bar' } });
  });
});

describe('Prism\'s log', () => {
  // Last, so that it sees every call above (node:test runs these in order).
  test('has no violation for the whole run, and no answer of Prism\'s own but those caused on purpose', async () => {
    const marker = await prism.settled();
    const lines = prism.log().split('\n').filter((l) => !l.includes(`post ${marker} `));
    assert.deepEqual(lines.filter((l) => /Violation|VALIDATOR/.test(l)), []);
    const own = lines.filter((l) => l.includes('Request terminated with error')).map((l) => /errors#(\w+)/.exec(l)?.[1] ?? l);
    assert.deepEqual(own.sort(), [...expectedPrismErrors].sort());
  });
});
