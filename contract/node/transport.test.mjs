// What Slack's Node SDK cannot send, sent with fetch: GET with a query string, query and body
// arguments merged, a token in the query string, multipart bodies, charsets, X-Slack-Req-Id;
// and the journal of an org, which lists every call to its /api/, even refused ones.
//
//   npm ci && npm test        (in contract/node; see README.md)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newOrg } from './orgs.mjs';
import {
  ADMIN, ALICE, BOB, BOB_MOBILE, BOB_WEB_2, BOB_WEB_1, ALL_OF_BOB, RESET, LIST, GET_SETTINGS, READ,
  WRITE, clientFor, platformError,
} from './sdk.mjs';

describe('what the SDK cannot send: GET, multipart, query strings (with fetch)', () => {
  const bearer = { Authorization: `Bearer ${ADMIN}` };

  test('GET with the arguments in the query string and a bearer header is a valid call', async (t) => {
    const org = await newOrg(t);
    const { status, headers, body } = await org.raw('admin.users.session.list?limit=1', { headers: bearer });
    assert.equal(status, 200);
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.equal(body.active_sessions.length, 1);
    assert.notEqual(body.response_metadata.next_cursor, '');
    assert.equal(headers.get('x-oauth-scopes'), `${READ},${WRITE}`);
    assert.equal(headers.get('x-accepted-oauth-scopes'), READ);

    const [e] = await org.journal(LIST);
    assert.equal(e.http_method, 'GET');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { limit: '1' });
    assert.equal(e.request_id, headers.get('x-slack-req-id'));
  });

  test('GET reset ends sessions as POST does', async (t) => {
    const org = await newOrg(t);
    const { body } = await org.raw(`admin.users.session.reset?user_id=${BOB}&web_only=1`, { headers: bearer });
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_MOBILE]);
  });

  test('query args merge with body args, and the body wins', async (t) => {
    const org = await newOrg(t);
    const { body } = await org.raw('admin.users.session.reset?user_id=W0NOBODY1&mobile_only=true', {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: BOB }),
    });
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    const [e] = await org.journal(RESET);
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' });
  });

  test('a token in the query string is never read: not_authed, with a message saying why', async (t) => {
    const org = await newOrg(t);
    const { body } = await org.raw(`admin.users.session.reset?token=${ADMIN}&user_id=${BOB}`);
    assert.equal(body.ok, false);
    assert.equal(body.error, 'not_authed');
    assert.equal(body.response_metadata.messages.length, 1);
    assert.match(body.response_metadata.messages[0], /query string/);
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
    const [e] = await org.journal(RESET);
    assert.equal(JSON.stringify(e).includes(ADMIN), false, 'the journal never holds a token');
  });

  test('a multipart/form-data body (fetch with FormData) is read like a form', async (t) => {
    const org = await newOrg(t);
    const form = new FormData();
    form.append('user_id', BOB);
    form.append('mobile_only', 'true');
    const { body } = await org.raw(RESET, { method: 'POST', headers: bearer, body: form });
    assert.deepEqual(body, { ok: true });
    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    const [e] = await org.journal(RESET);
    assert.match(e.content_type, /^multipart\/form-data; boundary=/);
    assert.deepEqual(e.args, { user_id: BOB, mobile_only: 'true' });
  });

  test('multipart with the token as a form field, and user_ids as a JSON array string', async (t) => {
    const org = await newOrg(t);
    const form = new FormData();
    form.append('token', ADMIN);
    form.append('user_ids', JSON.stringify([BOB, ALICE]));
    const { body } = await org.raw(GET_SETTINGS, { method: 'POST', body: form });
    assert.deepEqual(body, { ok: true, session_settings: [], no_settings_applied: [BOB, ALICE] });
    const [e] = await org.journal(GET_SETTINGS);
    assert.equal(e.token_from, 'form');
    assert.deepEqual(e.args, { user_ids: '["W0BOB0001","W0ALICE01"]' });
  });

  test('charset warnings: superfluous_charset on a form, missing_charset on JSON', async (t) => {
    const org = await newOrg(t);
    const form = await org.raw(RESET, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: `user_id=${BOB}&mobile_only=1`,
    });
    assert.deepEqual(form.body, { ok: true, warning: 'superfluous_charset', response_metadata: { warnings: ['superfluous_charset'] } });
    const json = await org.raw(RESET, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: BOB, web_only: true }),
    });
    assert.deepEqual(json.body, { ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
    assert.deepEqual(await org.sessionsOf(BOB), []);
  });

  test('every answer carries X-Slack-Req-Id, the journal\'s request_id', async (t) => {
    const org = await newOrg(t);
    const answers = [
      await org.raw('auth.test', { headers: bearer }),
      await org.raw('api.test?foo=bar'),
      await org.raw('no.such.method', { method: 'POST' }),
      await org.raw('auth.test', { method: 'DELETE' }),
    ];
    const calls = await org.journal();
    assert.equal(calls.length, answers.length);
    answers.forEach((a, i) => {
      assert.match(a.headers.get('x-slack-req-id') ?? '', /^\S+$/);
      assert.equal(calls[i].request_id, a.headers.get('x-slack-req-id'));
    });
    assert.equal(new Set(answers.map((a) => a.headers.get('x-slack-req-id'))).size, answers.length, 'request ids are unique');
  });
});

describe('the journal lists every call under /api/', () => {
  test('an unknown method: the SDK gets unknown_method, the journal has it with its http_method', async (t) => {
    const org = await newOrg(t);
    const err = await platformError(clientFor(org, ADMIN).apiCall('no.such.method', { foo: 'bar' }), 'unknown_method');
    assert.match(err.data.response_metadata.messages[0], /no\.such\.method/);
    assert.equal(err.data.req_method, 'no.such.method');
    const calls = await org.journal();
    assert.equal(calls.length, 1);
    const [e] = calls;
    assert.equal(e.method, 'no.such.method');
    assert.equal(e.http_method, 'POST');
    assert.equal(e.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e.token_from, 'header');
    assert.deepEqual(e.args, { foo: 'bar' }); // the arguments as sent, for a method it lacks too
    assert.equal(e.status, 200);
    assert.equal(e.error, 'unknown_method');
    assert.deepEqual(await org.journal('no.such.method'), calls, 'the method filter finds it too');
  });

  test('a refused HTTP method is there too', async (t) => {
    const org = await newOrg(t);
    const { body } = await org.raw(RESET, { method: 'PUT', headers: { Authorization: `Bearer ${ADMIN}` } });
    assert.equal(body.ok, false);
    const [e] = await org.journal(RESET);
    assert.equal(e.http_method, 'PUT');
    assert.equal(e.error, body.error);
  });
});
