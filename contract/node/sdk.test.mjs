// Contract test: Slack's official Node SDK, @slack/web-api, against slackmock, pointed at it
// by its base URL alone. It proves that the mock answers the SDK as Slack would (success,
// platform errors, 429 with Retry-After, the scope headers, cursors) for all nine methods,
// that Bolt for JavaScript starts against it, and shows, through the mock's journal, what the
// SDK really sends. What the SDK cannot send (GET, multipart) is sent with fetch.
//
//   npm ci && npm test        (in contract/node; needs Go to build the mock)

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { App } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';

import { startMock } from './slackmock.mjs';

const ADMIN = 'xoxp-demo-admin'; // admin.users:read and admin.users:write
const MEMBER = 'xoxp-demo-member'; // a workspace install's token of a member
const READONLY = 'xoxp-demo-readonly';
const WRITEONLY = 'xoxp-demo-writeonly';
const BOT = 'xoxb-demo-bot';
const UNKNOWN = 'xoxp-no-such-token';
const INVALIDATE = 'admin.users.session.invalidate';
const RESET = 'admin.users.session.reset';
const LIST = 'admin.users.session.list';
const RESET_BULK = 'admin.users.session.resetBulk';
const SET_SETTINGS = 'admin.users.session.setSettings';
const GET_SETTINGS = 'admin.users.session.getSettings';
const CLEAR_SETTINGS = 'admin.users.session.clearSettings';
const READ = 'admin.users:read';
const WRITE = 'admin.users:write';
// The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
const BOB = 'W0BOB0001';
const BOB_MOBILE = 1112275520242;
const BOB_WEB_2 = 1112275520243;
const BOB_WEB_1 = 1112275520244;
const ALL_OF_BOB = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1];
// Alice: a mobile and a web session in T0DEMO001. The primary owner: one web session.
const ALICE = 'W0ALICE01';
const ALICE_MOBILE = 2220000000001;
const ALICE_WEB = 2220000000002;
const OWNER = 'W0OWNER01';

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

/** The live sessions, as /_mock/sessions lists them (by id). */
async function liveSessions(query = '') {
  return (await control('GET', `sessions${query}`)).sessions;
}

/** The ids of the live sessions of user, sorted. */
async function sessionsOf(user) {
  return (await liveSessions(`?user_id=${user}`)).map((s) => s.session_id).sort((a, b) => a - b);
}

/** The journal, oldest first: every call, or only method's. */
async function journal(method) {
  const { requests, dropped } = await control('GET', method === undefined ? 'requests' : `requests?method=${method}`);
  assert.equal(dropped, 0);
  return requests;
}

/** A raw call of a Slack method (what the SDK cannot send): status, headers and parsed body. */
async function raw(path, init = {}) {
  const res = await fetch(`${mock.base}/api/${path}`, init);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    assert.fail(`${path}: not JSON (${res.status}): ${text}`);
  }
  return { status: res.status, headers: res.headers, body };
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

/** The sessions as list answers them and as /_mock/sessions lists them, in one comparable shape. */
const key = (s) => `${s.user_id}/${s.team_id}/${s.session_id}`;

before(async () => {
  mock = await startMock();
  apiUrl = `${mock.base}/api/`;
}, { timeout: 300_000 }); // a cold `go build` of the mock takes a while on 2 cores

after(async () => {
  if (mock) assert.equal(await mock.stop(), 0, 'slackmock stops cleanly on SIGTERM');
});

// Every test starts from the fixture, with no fault, no rate limit and an empty journal.
beforeEach(async () => {
  await control('POST', 'restore');
  await control('DELETE', 'faults');
  await control('DELETE', 'ratelimit');
  await control('DELETE', 'requests');
});

describe('the SDK needs nothing but the base URL', () => {
  test('a WebClient given only slackApiUrl calls invalidate and reset', async () => {
    // No custom fetch, headers, agent or retry policy: the SDK's own defaults throughout.
    const client = new WebClient(ADMIN, { slackApiUrl: apiUrl });
    const inv = await client.admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) });
    assert.equal(inv.ok, true);
    const reset = await client.admin.users.session.reset({ user_id: BOB });
    assert.equal(reset.ok, true);
    assert.deepEqual(await sessionsOf(BOB), []);
    // Both calls reached the mock, and nothing else did.
    const calls = await journal();
    assert.deepEqual(calls.map((e) => [e.method, e.http_method, e.status, e.error]),
      [[INVALIDATE, 'POST', 200, undefined], [RESET, 'POST', 200, undefined]]);
  });

  test('a base URL without its trailing slash works too', async () => {
    const client = new WebClient(ADMIN, { slackApiUrl: `${mock.base}/api` });
    await client.admin.users.session.reset({ user_id: BOB, web_only: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE]);
  });
});

describe('admin.users.session.invalidate and reset', () => {
  test('invalidate by user_id and session_id ends one session', async () => {
    const res = await clientFor(ADMIN).admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) });
    assert.equal(res.ok, true);
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    // What the SDK sent: a form body without charset, the token in the Authorization header
    // (so never among the args), session_id as a decimal string.
    const [e, ...more] = await journal(INVALIDATE);
    assert.deepEqual(more, []);
    assert.equal(e.http_method, 'POST');
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { user_id: BOB, session_id: '1112275520242' });
    assert.equal(e.status, 200);
    assert.equal(e.error, undefined);
    assert.equal(e.fault, undefined);
    assert.equal(typeof e.seq, 'number');
    assert.ok(!Number.isNaN(Date.parse(e.time)), e.time);
    assert.match(e.request_id, /^\S+$/);
  });

  test('a session_id given as a JS number goes out as the same decimal string', async () => {
    // The SDK types session_id as a string; callers holding a number get the same wire form.
    await clientFor(ADMIN).apiCall(INVALIDATE, { user_id: BOB, session_id: BOB_MOBILE });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    assert.deepEqual((await journal(INVALIDATE))[0].args, { user_id: BOB, session_id: '1112275520242' });
  });

  test('invalidate with the deprecated team_id too, when it is the session\'s team', async () => {
    await clientFor(ADMIN).admin.users.session.invalidate({ user_id: BOB, team_id: 'T0DEMO001', session_id: String(BOB_WEB_1) });
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE, BOB_WEB_2]);
  });

  test('the 2020 shape (team_id, no user_id) is invalid_arguments: missing required field: user_id', async () => {
    // What the SDK 8.2.0's TypeScript type of invalidate still describes.
    const err = await platformError(
      clientFor(ADMIN).admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_MOBILE) }),
      'invalid_arguments',
    );
    assert.deepEqual(err.data.response_metadata.messages, [
      '[ERROR] missing required field: user_id',
      "[ERROR] team_id is deprecated: Slack deprecated team_id on 2025-01-15; user_id names the session's user.",
    ]);
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('reset with mobile_only ends only the mobile sessions', async () => {
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
  test('auth: an unknown token is invalid_auth', async () => {
    await platformError(clientFor(UNKNOWN).admin.users.session.reset({ user_id: BOB }), 'invalid_auth');
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await journal(RESET);
    assert.equal(e.status, 200);
    assert.equal(e.error, 'invalid_auth');
  });

  test('scope: a token without admin.users:write is missing_scope, with needed and provided', async () => {
    const err = await platformError(
      clientFor(READONLY).admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) }),
      'missing_scope',
    );
    assert.equal(err.data.needed, WRITE);
    assert.equal(err.data.provided, READ);
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await journal(INVALIDATE);
    assert.equal(e.error, 'missing_scope');
  });

  test('method: a session of another user is session_not_found', async () => {
    await platformError(
      clientFor(ADMIN).admin.users.session.invalidate({ user_id: ALICE, session_id: String(BOB_MOBILE) }),
      'session_not_found',
    );
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('method: a team_id that is not the session\'s is session_not_found', async () => {
    // 1112275520244 is Bob's, but in T0DEMO001.
    await platformError(
      clientFor(ADMIN).admin.users.session.invalidate({ user_id: BOB, team_id: 'T0DEMO002', session_id: String(BOB_WEB_1) }),
      'session_not_found',
    );
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('method: an unknown user is user_not_found', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.reset({ user_id: 'W0NOBODY1' }), 'user_not_found');
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
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
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });
});

describe('auth.test', () => {
  /** What auth.test should answer for token, from the mock's own state. */
  async function whoIs(token) {
    const f = await control('GET', 'fixture');
    const t = f.tokens.find((x) => x.token === token);
    const u = f.users.find((x) => x.id === t.user_id);
    const team = f.teams.find((x) => x.id === u.team_id);
    return { t, u, team, org: f.org };
  }

  test('an org admin\'s token of an org-wide install: the org as its team, the user, and no bot_id', async () => {
    const { t, u, org } = await whoIs(ADMIN);
    assert.equal(t.enterprise_install, true);
    const res = await clientFor(ADMIN).auth.test();
    assert.equal(res.ok, true);
    assert.equal(res.url, `https://${org.domain}.enterprise.slack.com/`);
    assert.equal(res.team, org.name);
    assert.equal(res.team_id, org.id);
    assert.equal(res.user, u.name);
    assert.equal(res.user_id, u.id);
    assert.equal(res.enterprise_id, org.id);
    assert.equal(res.is_enterprise_install, true);
    assert.equal(res.bot_id, undefined);
    // auth.test needs no scope: the token's scopes are there, and no method scope.
    assert.deepEqual(res.response_metadata.scopes, [READ, WRITE]);
    assert.equal(res.response_metadata.acceptedScopes, undefined);

    const [e, ...more] = await journal('auth.test');
    assert.deepEqual(more, []);
    assert.deepEqual([e.http_method, e.token_from, e.status, e.error, e.args], ['POST', 'header', 200, undefined, {}]);
  });

  test('a workspace install\'s user token: the user\'s workspace, not the org', async () => {
    const { u, team, org } = await whoIs(MEMBER);
    const res = await clientFor(MEMBER).auth.test();
    assert.equal(res.url, `https://${team.domain}.slack.com/`);
    assert.equal(res.team, team.name);
    assert.equal(res.team_id, team.id);
    assert.equal(res.user_id, u.id);
    assert.equal(res.enterprise_id, org.id);
    assert.equal(res.is_enterprise_install, false);
  });

  test('a bot token: the bot user, and bot_id', async () => {
    const { t, u, team } = await whoIs(BOT);
    const res = await clientFor(BOT).auth.test();
    assert.equal(res.ok, true);
    assert.equal(res.user_id, u.id);
    assert.equal(res.user, u.name);
    assert.equal(res.team_id, team.id);
    assert.match(res.bot_id, /^B/);
    if (t.bot_id !== undefined) assert.equal(res.bot_id, t.bot_id);
  });

  const tokenErrors = [
    ['an unknown token', UNKNOWN, 'invalid_auth'],
    ['a revoked token', 'xoxp-demo-revoked', 'token_revoked'],
    ['an expired token', 'xoxp-demo-expired', 'token_expired'],
    ['the token of a deleted user', 'xoxp-demo-inactive', 'account_inactive'],
  ];
  for (const [name, token, code] of tokenErrors) {
    test(`${name} is ${code}`, async () => {
      await platformError(clientFor(token).auth.test(), code);
      const [e] = await journal('auth.test');
      assert.equal(e.error, code);
    });
  }

  test('no token at all is not_authed', async () => {
    await platformError(clientFor(undefined).auth.test(), 'not_authed');
  });
});

describe('api.test', () => {
  test('echoes its arguments, with no token', async () => {
    const res = await clientFor(undefined).api.test({ foo: 'bar', n: 3 });
    assert.equal(res.ok, true);
    assert.deepEqual(res.args, { foo: 'bar', n: '3' });
  });

  test('with error, fails with that code and still echoes', async () => {
    const err = await platformError(clientFor(ADMIN).api.test({ error: 'my_error', foo: 'bar' }), 'my_error');
    assert.deepEqual(err.data.args, { error: 'my_error', foo: 'bar' });
  });
});

describe('response_metadata.scopes and acceptedScopes, from the scope headers', () => {
  test('on a result: the token\'s scopes and the method\'s', async () => {
    const res = await clientFor(ADMIN).admin.users.session.list({ limit: 1 });
    assert.deepEqual(res.response_metadata.scopes, [READ, WRITE]);
    assert.deepEqual(res.response_metadata.acceptedScopes, [READ]);
    const reset = await clientFor(WRITEONLY).admin.users.session.reset({ user_id: BOB });
    assert.deepEqual(reset.response_metadata.scopes, [WRITE]);
    assert.deepEqual(reset.response_metadata.acceptedScopes, [WRITE]);
  });

  test('on a missing_scope error too', async () => {
    const err = await platformError(clientFor(READONLY).admin.users.session.reset({ user_id: BOB }), 'missing_scope');
    assert.deepEqual(err.data.response_metadata.scopes, [READ]);
    assert.deepEqual(err.data.response_metadata.acceptedScopes, [WRITE]);
  });

  test('not with an unknown token', async () => {
    const err = await platformError(clientFor(UNKNOWN).admin.users.session.reset({ user_id: BOB }), 'invalid_auth');
    assert.equal(err.data.response_metadata?.scopes, undefined);
    assert.equal(err.data.response_metadata?.acceptedScopes, undefined);
  });
});

describe('what the SDK cannot send: GET, multipart, query strings (with fetch)', () => {
  const bearer = { Authorization: `Bearer ${ADMIN}` };

  test('GET with the arguments in the query string and a bearer header is a valid call', async () => {
    const { status, headers, body } = await raw('admin.users.session.list?limit=1', { headers: bearer });
    assert.equal(status, 200);
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.equal(body.active_sessions.length, 1);
    assert.notEqual(body.response_metadata.next_cursor, '');
    assert.equal(headers.get('x-oauth-scopes'), `${READ},${WRITE}`);
    assert.equal(headers.get('x-accepted-oauth-scopes'), READ);

    const [e] = await journal(LIST);
    assert.equal(e.http_method, 'GET');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { limit: '1' });
    assert.equal(e.request_id, headers.get('x-slack-req-id'));
  });

  test('GET reset ends sessions as POST does', async () => {
    const { body } = await raw(`admin.users.session.reset?user_id=${BOB}&web_only=1`, { headers: bearer });
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE]);
  });

  test('query args merge with body args, and the body wins', async () => {
    const { body } = await raw('admin.users.session.reset?user_id=W0NOBODY1&mobile_only=true', {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: BOB }),
    });
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    const [e] = await journal(RESET);
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' });
  });

  test('a token in the query string is never read: not_authed, with a message saying why', async () => {
    const { body } = await raw(`admin.users.session.reset?token=${ADMIN}&user_id=${BOB}`);
    assert.equal(body.ok, false);
    assert.equal(body.error, 'not_authed');
    assert.equal(body.response_metadata.messages.length, 1);
    assert.match(body.response_metadata.messages[0], /query string/);
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await journal(RESET);
    assert.equal(JSON.stringify(e).includes(ADMIN), false, 'the journal never holds a token');
  });

  test('a multipart/form-data body (fetch with FormData) is read like a form', async () => {
    const form = new FormData();
    form.append('user_id', BOB);
    form.append('mobile_only', 'true');
    const { body } = await raw(RESET, { method: 'POST', headers: bearer, body: form });
    assert.deepEqual(body, { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    const [e] = await journal(RESET);
    assert.match(e.content_type, /^multipart\/form-data; boundary=/);
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' });
  });

  test('multipart with the token as a form field, and user_ids as a JSON array string', async () => {
    const form = new FormData();
    form.append('token', ADMIN);
    form.append('user_ids', JSON.stringify([BOB, ALICE]));
    const { body } = await raw(GET_SETTINGS, { method: 'POST', body: form });
    assert.deepEqual(body, { ok: true, session_settings: [], no_settings_applied: [BOB, ALICE] });
    const [e] = await journal(GET_SETTINGS);
    assert.equal(e.token_from, 'form');
    assert.deepEqual(e.args, { user_ids: '["W0BOB0001","W0ALICE01"]' });
  });

  test('charset warnings: superfluous_charset on a form, missing_charset on JSON', async () => {
    const form = await raw(RESET, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: `user_id=${BOB}&mobile_only=1`,
    });
    assert.deepEqual(form.body, { ok: true, warning: 'superfluous_charset', response_metadata: { warnings: ['superfluous_charset'] } });
    const json = await raw(RESET, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: BOB, web_only: true }),
    });
    assert.deepEqual(json.body, { ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
    assert.deepEqual(await sessionsOf(BOB), []);
  });

  test('every answer carries X-Slack-Req-Id, the journal\'s request_id', async () => {
    const answers = [
      await raw('auth.test', { headers: bearer }),
      await raw('api.test?foo=bar'),
      await raw('no.such.method', { method: 'POST' }),
      await raw('auth.test', { method: 'DELETE' }),
    ];
    const calls = await journal();
    assert.equal(calls.length, answers.length);
    answers.forEach((a, i) => {
      assert.match(a.headers.get('x-slack-req-id') ?? '', /^\S+$/);
      assert.equal(calls[i].request_id, a.headers.get('x-slack-req-id'));
    });
    assert.equal(new Set(answers.map((a) => a.headers.get('x-slack-req-id'))).size, answers.length, 'request ids are unique');
  });
});

describe('the journal lists every call under /api/', () => {
  test('an unknown method: the SDK gets unknown_method, the journal has it with its http_method', async () => {
    const err = await platformError(clientFor(ADMIN).apiCall('no.such.method', { foo: 'bar' }), 'unknown_method');
    assert.match(err.data.response_metadata.messages[0], /no\.such\.method/);
    const calls = await journal();
    assert.equal(calls.length, 1);
    const [e] = calls;
    assert.equal(e.method, 'no.such.method');
    assert.equal(e.http_method, 'POST');
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    // Not checked: args. The mock answers an unknown method before it reads the body, so the
    // entry has args {} and token_from '' (reported: control.yaml says "the arguments as sent").
    assert.equal(e.status, 200);
    assert.equal(e.error, 'unknown_method');
    assert.deepEqual(await journal('no.such.method'), calls, 'the method filter finds it too');
  });

  test('a refused HTTP method is there too', async () => {
    const { body } = await raw(RESET, { method: 'PUT', headers: { Authorization: `Bearer ${ADMIN}` } });
    assert.equal(body.ok, false);
    const [e] = await journal(RESET);
    assert.equal(e.http_method, 'PUT');
    assert.equal(e.error, body.error);
  });
});

describe('admin.users.session.list', () => {
  test('without arguments: every live session of the org, on one page', async () => {
    const res = await clientFor(ADMIN).admin.users.session.list();
    assert.equal(res.ok, true);
    assert.equal(res.response_metadata.next_cursor, '');
    const live = await liveSessions();
    assert.deepEqual(res.active_sessions.map(key).sort(), live.map(key).sort());
    for (const s of res.active_sessions) assert.equal(typeof s.session_id, 'number');
    // created is the device as the fixture has it.
    const bobMobile = res.active_sessions.find((s) => s.session_id === BOB_MOBILE);
    assert.deepEqual(bobMobile.created, live.find((s) => s.session_id === BOB_MOBILE).created);
  });

  test('with user_id and team_id: that user\'s sessions in that team', async () => {
    const res = await clientFor(ADMIN).admin.users.session.list({ user_id: BOB, team_id: 'T0DEMO002' });
    assert.deepEqual(res.active_sessions.map((s) => s.session_id).sort(), [BOB_MOBILE, BOB_WEB_2]);
    assert.deepEqual((await journal(LIST))[0].args, { user_id: BOB, team_id: 'T0DEMO002' });
  });

  test('user_id without team_id is missing_team', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.list({ user_id: BOB }), 'missing_team');
  });

  test('client.paginate with limit 2 follows next_cursor and collects every session exactly once', async () => {
    const client = clientFor(ADMIN);
    const pages = [];
    for await (const page of client.paginate(LIST, { limit: 2 })) pages.push(page);
    const live = await liveSessions();
    assert.ok(live.length > 2, 'the fixture has more than one page of sessions');
    assert.equal(pages.length, Math.ceil(live.length / 2));
    for (const p of pages.slice(0, -1)) {
      assert.equal(p.active_sessions.length, 2);
      assert.notEqual(p.response_metadata.next_cursor, '');
    }
    assert.equal(pages.at(-1).response_metadata.next_cursor, '');

    const seen = pages.flatMap((p) => p.active_sessions.map(key));
    assert.equal(new Set(seen).size, seen.length, `a session came twice: ${seen}`);
    assert.deepEqual(seen.sort(), live.map(key).sort());

    // What the SDK sent: limit on every call, and each page's cursor on the next.
    const calls = await journal(LIST);
    assert.equal(calls.length, pages.length);
    assert.deepEqual(calls[0].args, { limit: '2' });
    calls.slice(1).forEach((c, i) => assert.deepEqual(c.args, { limit: '2', cursor: pages[i].response_metadata.next_cursor }));
  });

  test('client.paginate with a reducer stops where shouldStop says', async () => {
    const ids = await clientFor(ADMIN).paginate(LIST, { limit: 3 }, () => false,
      (acc = [], page) => acc.concat(page.active_sessions.map((s) => s.session_id)));
    assert.deepEqual(ids.sort((a, b) => a - b), (await liveSessions()).map((s) => s.session_id).sort((a, b) => a - b));
  });

  test('a 429 on list: the SDK waits Retry-After and retries by itself', async () => {
    await control('POST', 'faults', { method: LIST, status: 429, error: 'ratelimited', retry_after: 1, times: 1 });
    const client = clientFor(ADMIN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const waits = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter) => waits.push(retryAfter));

    const start = performance.now();
    const res = await client.admin.users.session.list({ limit: 2 });
    const elapsed = performance.now() - start;
    assert.equal(res.ok, true);
    assert.equal(res.active_sessions.length, 2);
    assert.deepEqual(waits, [1]);
    assert.ok(elapsed >= 950, `the SDK retried after ${elapsed} ms, before Retry-After's 1 s`);
    assert.deepEqual((await journal(LIST)).map((e) => [e.status, e.error, e.fault, e.args]), [
      [429, 'ratelimited', true, { limit: '2' }],
      [200, undefined, undefined, { limit: '2' }],
    ]);
  });
});

describe('admin.users.session.resetBulk', () => {
  test('answers ok, then its job ends the sessions: wait for it through /_mock/jobs', async () => {
    const res = await clientFor(ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, ALICE], mobile_only: true });
    assert.equal(res.ok, true);

    // The SDK sends user_ids as a JSON array string in its form.
    const [e] = await journal(RESET_BULK);
    assert.deepEqual(e.args, { user_ids: '["W0BOB0001","W0ALICE01"]', mobile_only: 'true' });

    const { jobs } = await control('GET', 'jobs?wait=5s');
    const job = jobs.find((j) => j.request_id === e.request_id);
    assert.ok(job, `no job of request ${e.request_id} in ${JSON.stringify(jobs)}`);
    assert.equal(job.method, RESET_BULK);
    assert.deepEqual(job.user_ids, [BOB, ALICE]);
    assert.equal(job.done, true);
    assert.equal(job.error, undefined);
    assert.deepEqual(job.results.map((r) => [r.user_id, r.ended, r.error]), [[BOB, 1, undefined], [ALICE, 1, undefined]]);

    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    assert.deepEqual(await sessionsOf(ALICE), [ALICE_WEB]);
  });

  test('without mobile_only or web_only, every session of every user ends', async () => {
    await clientFor(ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, ALICE] });
    await control('GET', 'jobs?wait=5s');
    assert.deepEqual(await sessionsOf(BOB), []);
    assert.deepEqual(await sessionsOf(ALICE), []);
    assert.deepEqual(await sessionsOf(OWNER), [3330000000001], 'others keep theirs');
  });

  test('an unknown user is user_not_found, and no job ends anything', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, 'W0NOBODY1'] }), 'user_not_found');
    await control('GET', 'jobs?wait=5s');
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });
});

describe('session settings: setSettings, getSettings, clearSettings', () => {
  test('set, read back, clear: user_ids go out as a JSON array string, and work', async () => {
    const client = clientFor(ADMIN);
    const set = await client.admin.users.session.setSettings({ user_ids: [BOB, ALICE], duration: 86400, desktop_app_browser_quit: true });
    assert.equal(set.ok, true);
    const [e] = await journal(SET_SETTINGS);
    assert.deepEqual(e.args, { user_ids: '["W0BOB0001","W0ALICE01"]', duration: '86400', desktop_app_browser_quit: 'true' });

    const got = await client.admin.users.session.getSettings({ user_ids: [BOB, ALICE, OWNER] });
    assert.equal(got.ok, true);
    assert.deepEqual(
      [...got.session_settings].sort((a, b) => a.user_id.localeCompare(b.user_id)),
      [
        { user_id: ALICE, duration: 86400, desktop_app_browser_quit: true },
        { user_id: BOB, duration: 86400, desktop_app_browser_quit: true },
      ],
    );
    assert.deepEqual(got.no_settings_applied, [OWNER]);
    assert.deepEqual(got.response_metadata.acceptedScopes, [READ]);

    const cleared = await client.admin.users.session.clearSettings({ user_ids: [BOB] });
    assert.equal(cleared.ok, true);
    assert.deepEqual((await journal(CLEAR_SETTINGS))[0].args, { user_ids: '["W0BOB0001"]' });

    const after = await client.admin.users.session.getSettings({ user_ids: [BOB, ALICE] });
    assert.deepEqual(after.session_settings, [{ user_id: ALICE, duration: 86400, desktop_app_browser_quit: true }]);
    assert.deepEqual(after.no_settings_applied, [BOB]);
  });

  test('a setting not given is left as it was', async () => {
    const client = clientFor(ADMIN);
    await client.admin.users.session.setSettings({ user_ids: [BOB], duration: 28800 });
    await client.admin.users.session.setSettings({ user_ids: [BOB], desktop_app_browser_quit: false });
    const got = await client.admin.users.session.getSettings({ user_ids: [BOB] });
    assert.deepEqual(got.session_settings, [{ user_id: BOB, duration: 28800, desktop_app_browser_quit: false }]);
  });

  test('neither duration nor desktop_app_browser_quit is at_least_one_session_setting_required', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.setSettings({ user_ids: [BOB] }), 'at_least_one_session_setting_required');
  });

  test('a duration out of 28800..315569520 is invalid_arguments', async () => {
    for (const duration of [28799, 315569521]) {
      const err = await platformError(clientFor(ADMIN).admin.users.session.setSettings({ user_ids: [BOB], duration }), 'invalid_arguments');
      assert.match(err.data.response_metadata.messages[0], /duration/);
    }
  });

  test('an unknown user is user_not_found; getSettings needs admin.users:read', async () => {
    await platformError(clientFor(ADMIN).admin.users.session.getSettings({ user_ids: ['W0NOBODY1'] }), 'user_not_found');
    const err = await platformError(clientFor(WRITEONLY).admin.users.session.getSettings({ user_ids: [BOB] }), 'missing_scope');
    assert.equal(err.data.needed, READ);
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
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB, 'a faulted call changes nothing');
    const calls = await journal(RESET);
    assert.deepEqual(calls.map((e) => [e.status, e.error, e.fault]), [[429, 'ratelimited', true]]);
  });
});

describe('Bolt for JavaScript starts against the mock', () => {
  /** A Bolt app on the mock, initialised by the test (deferInitialization) so that failures surface. */
  function boltApp(token) {
    return new App({
      token,
      signingSecret: 'x',
      deferInitialization: true,
      logger: quietLogger(),
      clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
    });
  }

  test('app.init() resolves: Bolt\'s auth.test of its bot token is answered', async () => {
    const app = boltApp(BOT);
    await app.init();

    const calls = await journal();
    assert.deepEqual(calls.map((e) => [e.method, e.http_method, e.token_from, e.status, e.error]),
      [['auth.test', 'POST', 'header', 200, undefined]]);

    // Bolt keeps the bot's ids from that answer for every event it authorises.
    const { tokens } = await control('GET', 'fixture');
    const bot = tokens.find((t) => t.token === BOT);
    const auth = await app.authorize({ isEnterpriseInstall: false });
    assert.equal(auth.botToken, BOT);
    assert.equal(auth.botUserId, bot.user_id);
    assert.match(auth.botId, /^B/);
    assert.equal((await journal()).length, 1, 'no second auth.test');
  });

  test('app.init() rejects with invalid_auth for a token Slack does not know', async () => {
    await platformError(boltApp('xoxb-no-such-token').init(), 'invalid_auth');
    const [e] = await journal('auth.test');
    assert.equal(e.error, 'invalid_auth');
  });
});
