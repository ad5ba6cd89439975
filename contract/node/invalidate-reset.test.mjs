// Slack's Node SDK, @slack/web-api, calls invalidate and reset on an org of the mock, pointed
// at it by its base URL alone: success, the SDK's platform errors (which change nothing), and
// a 429 with Retry-After, which the SDK waits out or throws as its rate-limited error.
//
//   npm ci && npm test        (in contract/node; see README.md)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';

import { newOrg } from './orgs.mjs';
import {
  ADMIN, READONLY, UNKNOWN, INVALIDATE, RESET, READ, WRITE, BOB, BOB_MOBILE, BOB_WEB_2, BOB_WEB_1,
  ALL_OF_BOB, ALICE, clientFor, platformError, quietLogger,
} from './sdk.mjs';

describe('the SDK needs nothing but the base URL', () => {
  test('a WebClient given only slackApiUrl calls invalidate and reset', async (t) => {
    const org = await newOrg(t);
    // No custom fetch, headers, agent or retry policy: the SDK's own defaults throughout.
    const client = new WebClient(ADMIN, { slackApiUrl: org.apiUrl });
    const inv = await client.admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) });
    assert.equal(inv.ok, true);
    const reset = await client.admin.users.session.reset({ user_id: BOB });
    assert.equal(reset.ok, true);
    assert.deepEqual(await org.sessionsOf(BOB), []);
    // Both calls reached the mock, and nothing else did.
    const calls = await org.journal();
    assert.deepEqual(calls.map((e) => [e.method, e.http_method, e.status, e.error]),
      [[INVALIDATE, 'POST', 200, undefined], [RESET, 'POST', 200, undefined]]);
  });

  test('a base URL without its trailing slash works too', async (t) => {
    const org = await newOrg(t);
    const client = new WebClient(ADMIN, { slackApiUrl: org.apiUrl.replace(/\/$/, '') });
    await client.admin.users.session.reset({ user_id: BOB, web_only: true });
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_MOBILE]);
  });
});

describe('admin.users.session.invalidate and reset', () => {
  test('invalidate by user_id and session_id ends one session', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) });
    assert.equal(res.ok, true);
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    // What the SDK sent: a form body without charset, the token in the Authorization header
    // (so never among the args), session_id as a decimal string.
    const [e, ...more] = await org.journal(INVALIDATE);
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

  test('a session_id given as a JS number goes out as the same decimal string', async (t) => {
    const org = await newOrg(t);
    // The SDK types session_id as a string; callers holding a number get the same wire form.
    await clientFor(org, ADMIN).apiCall(INVALIDATE, { user_id: BOB, session_id: BOB_MOBILE });
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    assert.deepEqual((await org.journal(INVALIDATE))[0].args, { user_id: BOB, session_id: '1112275520242' });
  });

  test('invalidate with the deprecated team_id too, when it is the session\'s team', async (t) => {
    const org = await newOrg(t);
    await clientFor(org, ADMIN).admin.users.session.invalidate({ user_id: BOB, team_id: 'T0DEMO001', session_id: String(BOB_WEB_1) });
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_MOBILE, BOB_WEB_2]);
  });

  test('the 2020 shape (team_id, no user_id) is invalid_arguments: missing required field: user_id', async (t) => {
    const org = await newOrg(t);
    // What the SDK 8.2.0's TypeScript type of invalidate still describes.
    const err = await platformError(
      clientFor(org, ADMIN).admin.users.session.invalidate({ team_id: 'T0DEMO002', session_id: String(BOB_MOBILE) }),
      'invalid_arguments',
    );
    assert.deepEqual(err.data.response_metadata.messages, [
      '[ERROR] missing required field: user_id',
      "[ERROR] team_id is deprecated: Slack deprecated team_id on 2025-01-15; user_id names the session's user.",
    ]);
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });

  test('reset with mobile_only ends only the mobile sessions', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.reset({ user_id: BOB, mobile_only: true });
    assert.equal(res.ok, true);
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e, ...more] = await org.journal(RESET);
    assert.deepEqual(more, []);
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' }); // the SDK writes booleans as true/false
    assert.equal(e.status, 200);
    assert.equal(e.error, undefined);
  });

  test('a token given per call goes in the header too', async (t) => {
    const org = await newOrg(t);
    await clientFor(org, undefined).admin.users.session.reset({ token: ADMIN, user_id: BOB });
    assert.deepEqual(await org.sessionsOf(BOB), []);
    const [e] = await org.journal(RESET);
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { user_id: BOB });
  });
});

describe('errors arrive as the SDK platform error, and change nothing', () => {
  test('auth: an unknown token is invalid_auth', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, UNKNOWN).admin.users.session.reset({ user_id: BOB }), 'invalid_auth');
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await org.journal(RESET);
    assert.equal(e.status, 200);
    assert.equal(e.error, 'invalid_auth');
  });

  test('scope: a token without admin.users:write is missing_scope, with needed and provided', async (t) => {
    const org = await newOrg(t);
    const err = await platformError(
      clientFor(org, READONLY).admin.users.session.invalidate({ user_id: BOB, session_id: String(BOB_MOBILE) }),
      'missing_scope',
    );
    assert.equal(err.data.needed, WRITE);
    assert.equal(err.data.provided, READ);
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await org.journal(INVALIDATE);
    assert.equal(e.error, 'missing_scope');
  });

  test('method: a session of another user is session_not_found', async (t) => {
    const org = await newOrg(t);
    await platformError(
      clientFor(org, ADMIN).admin.users.session.invalidate({ user_id: ALICE, session_id: String(BOB_MOBILE) }),
      'session_not_found',
    );
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });

  test('method: a team_id that is not the session\'s is session_not_found', async (t) => {
    const org = await newOrg(t);
    // 1112275520244 is Bob's, but in T0DEMO001.
    await platformError(
      clientFor(org, ADMIN).admin.users.session.invalidate({ user_id: BOB, team_id: 'T0DEMO002', session_id: String(BOB_WEB_1) }),
      'session_not_found',
    );
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });

  test('method: an unknown user is user_not_found', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, ADMIN).admin.users.session.reset({ user_id: 'W0NOBODY1' }), 'user_not_found');
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });

  test('arguments: mobile_only with web_only is invalid_arguments, which the SDK logs as an error', async (t) => {
    const org = await newOrg(t);
    const logger = quietLogger();
    const err = await platformError(
      clientFor(org, ADMIN, { logger }).admin.users.session.reset({ user_id: BOB, mobile_only: true, web_only: true }),
      'invalid_arguments',
    );
    assert.equal(err.data.response_metadata.messages.length, 1);
    assert.match(err.data.response_metadata.messages[0], /^\[ERROR\] .*mobile_only/);
    assert.ok(logger.lines.some((l) => l.startsWith('error ') && l.includes('mobile_only')), logger.lines.join('\n'));
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });
});

describe('429 and Retry-After', () => {
  const fault = { method: RESET, status: 429, error: 'ratelimited', retry_after: 1, times: 1 };

  test('the SDK waits Retry-After, retries by itself and succeeds', async (t) => {
    const org = await newOrg(t);
    await org.control('POST', 'faults', fault);
    // One retry, with no backoff of p-retry's own on top of the Retry-After wait.
    const client = clientFor(org, ADMIN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const waits = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter) => waits.push(retryAfter));

    const start = performance.now();
    const res = await client.admin.users.session.reset({ user_id: BOB, mobile_only: true });
    const elapsed = performance.now() - start;
    assert.equal(res.ok, true);
    assert.deepEqual(waits, [1]);
    assert.ok(elapsed >= 950, `the SDK retried after ${elapsed} ms, before Retry-After's 1 s`);
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const calls = await org.journal(RESET);
    assert.deepEqual(calls.map((e) => ({ status: e.status, error: e.error, fault: e.fault, args: e.args })), [
      { status: 429, error: 'ratelimited', fault: true, args: { user_id: BOB, mobile_only: 'true' } },
      { status: 200, error: undefined, fault: undefined, args: { user_id: BOB, mobile_only: 'true' } },
    ]);
    assert.deepEqual((await org.control('GET', 'faults')).faults, [], 'a fault with times 1 goes away once used');
  });

  test('with rejectRateLimitedCalls the SDK throws its rate-limited error with retryAfter', async (t) => {
    const org = await newOrg(t);
    await org.control('POST', 'faults', fault);
    const client = clientFor(org, ADMIN, { rejectRateLimitedCalls: true, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const err = await client.admin.users.session.reset({ user_id: BOB, mobile_only: true }).then(
      () => assert.fail('expected a rate-limited error'),
      (e) => e,
    );
    assert.equal(err.code, ErrorCode.RateLimitedError, err.stack);
    assert.equal(err.retryAfter, 1);
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB, 'a faulted call changes nothing');
    const calls = await org.journal(RESET);
    assert.deepEqual(calls.map((e) => [e.status, e.error, e.fault]), [[429, 'ratelimited', true]]);
  });
});
