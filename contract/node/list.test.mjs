// admin.users.session.list through Slack's Node SDK: the org's sessions (checked against the
// mock's own GET /_mock/sessions), one user in one team, client.paginate over every page with
// the cursors it sends, and a 429 that the SDK waits out.
//
//   npm ci && npm test        (in contract/node; see README.md)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { WebClientEvent } from '@slack/web-api';

import { newOrg } from './orgs.mjs';
import {
  ADMIN, LIST, BOB, BOB_MOBILE, BOB_WEB_2, clientFor, key, platformError,
} from './sdk.mjs';

describe('admin.users.session.list', () => {
  test('without arguments: every live session of the org, on one page', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.list();
    assert.equal(res.ok, true);
    assert.equal(res.response_metadata.next_cursor, '');
    const live = await org.sessions();
    assert.deepEqual(res.active_sessions.map(key).sort(), live.map(key).sort());
    for (const s of res.active_sessions) assert.equal(typeof s.session_id, 'number');
    // created is the device as the fixture has it.
    const bobMobile = res.active_sessions.find((s) => s.session_id === BOB_MOBILE);
    assert.deepEqual(bobMobile.created, live.find((s) => s.session_id === BOB_MOBILE).created);
  });

  test('with user_id and team_id: that user\'s sessions in that team', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.list({ user_id: BOB, team_id: 'T0DEMO002' });
    assert.deepEqual(res.active_sessions.map((s) => s.session_id).sort(), [BOB_MOBILE, BOB_WEB_2]);
    assert.deepEqual((await org.journal(LIST))[0].args, { user_id: BOB, team_id: 'T0DEMO002' });
  });

  test('user_id without team_id is missing_team', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, ADMIN).admin.users.session.list({ user_id: BOB }), 'missing_team');
  });

  test('client.paginate with limit 2 follows next_cursor and collects every session exactly once', async (t) => {
    const org = await newOrg(t);
    const client = clientFor(org, ADMIN);
    const pages = [];
    for await (const page of client.paginate(LIST, { limit: 2 })) pages.push(page);
    const live = await org.sessions();
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
    const calls = await org.journal(LIST);
    assert.equal(calls.length, pages.length);
    assert.deepEqual(calls[0].args, { limit: '2' });
    calls.slice(1).forEach((c, i) => assert.deepEqual(c.args, { limit: '2', cursor: pages[i].response_metadata.next_cursor }));
  });

  test('client.paginate with a reducer stops where shouldStop says', async (t) => {
    const org = await newOrg(t);
    const ids = await clientFor(org, ADMIN).paginate(LIST, { limit: 3 }, () => false,
      (acc = [], page) => acc.concat(page.active_sessions.map((s) => s.session_id)));
    assert.deepEqual(ids.sort((a, b) => a - b), (await org.sessions()).map((s) => s.session_id).sort((a, b) => a - b));
  });

  test('a 429 on list: the SDK waits Retry-After and retries by itself', async (t) => {
    const org = await newOrg(t);
    await org.control('POST', 'faults', { method: LIST, status: 429, error: 'ratelimited', retry_after: 1, times: 1 });
    const client = clientFor(org, ADMIN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const waits = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter) => waits.push(retryAfter));

    const start = performance.now();
    const res = await client.admin.users.session.list({ limit: 2 });
    const elapsed = performance.now() - start;
    assert.equal(res.ok, true);
    assert.equal(res.active_sessions.length, 2);
    assert.deepEqual(waits, [1]);
    assert.ok(elapsed >= 950, `the SDK retried after ${elapsed} ms, before Retry-After's 1 s`);
    assert.deepEqual((await org.journal(LIST)).map((e) => [e.status, e.error, e.fault, e.args]), [
      [429, 'ratelimited', true, { limit: '2' }],
      [200, undefined, undefined, { limit: '2' }],
    ]);
  });
});
