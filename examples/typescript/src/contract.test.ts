// The contract, from TypeScript: a client generated from the kit's openapi.yaml (the Slack
// methods) and the mock's control.yaml (the control API), run against slackmock. The calls
// below are typed by the generated code, so `tsc` fails when the spec moves away from them,
// and the run fails when the mock answers other than the spec says.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import createClient from 'openapi-fetch';

import type { components as ControlComponents, paths as ControlPaths } from './generated/control.js';
import type { components as SlackComponents, paths as SlackPaths } from './generated/slack.js';
import { type Mock, repoRoot, startMock } from './slackmock.js';

// openapi-fetch infers its options generically, so TypeScript does not flag a body property
// the spec lacks; `satisfies` on each body below makes it.
type InvalidateArgs = SlackComponents['schemas']['InvalidateSessionArgs'];
type ResetArgs = SlackComponents['schemas']['ResetSessionsArgs'];
type SlackResponse = SlackComponents['schemas']['SlackResponse'];
type ResponseMetadata = SlackComponents['schemas']['ResponseMetadata'];
type Entry = ControlComponents['schemas']['Entry'];
type Fault = ControlComponents['schemas']['Fault'];

// The spec declares Retry-After, as a number, on every 429: this line stops compiling if not.
const retryAfterIsDeclared: SlackComponents['responses']['RateLimited']['headers']['Retry-After'] extends number ? true : never = true;

// Every property of SlackResponse and ResponseMetadata, no more and no fewer: the compiler
// checks these lists against the generated types, and conforms() checks answers against them.
const slackResponseKeys = ['ok', 'error', 'warning', 'needed', 'provided', 'response_metadata'] as const satisfies readonly (keyof SlackResponse)[];
const responseMetadataKeys = ['messages', 'warnings'] as const satisfies readonly (keyof ResponseMetadata)[];
const allSlackResponseKeys: [Exclude<keyof SlackResponse, (typeof slackResponseKeys)[number]>] extends [never] ? true : never = true;
const allResponseMetadataKeys: [Exclude<keyof ResponseMetadata, (typeof responseMetadataKeys)[number]>] extends [never] ? true : never = true;
void [retryAfterIsDeclared, allSlackResponseKeys, allResponseMetadataKeys];

const ADMIN = 'xoxp-demo-admin';
const READONLY = 'xoxp-demo-readonly';
const INVALIDATE = 'admin.users.session.invalidate';
const RESET = 'admin.users.session.reset';
// The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
const BOB = 'W0BOB0001';
const BOB_MOBILE = 1112275520242; // over 2^31: the spec's int64, exact in a JS number
const BOB_WEB_2 = 1112275520243;
const BOB_WEB_1 = 1112275520244;
const ALL_OF_BOB = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1];

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' } as const; // openapi-fetch then sends a form
const JSON_UTF8 = { 'Content-Type': 'application/json; charset=utf-8' } as const;

let mock: Mock;

/** A client of the Slack methods for token, by the mock's base URL in place of the spec's server. */
function slack(token: string) {
  return createClient<SlackPaths>({ baseUrl: `${mock.base}/api`, headers: { Authorization: `Bearer ${token}` } });
}

/** A client of the mock's control API. */
function control() {
  return createClient<ControlPaths>({ baseUrl: mock.base });
}

/** Answers the data of a control call, failing on anything but 200. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  assert.equal(response.status, 200, `${response.url}: ${JSON.stringify(error)}`);
  assert.ok(data !== undefined);
  return data;
}

/** Asserts that body is a SlackResponse as the spec describes it: no property it does not declare. */
function conforms(body: unknown): SlackResponse {
  assert.ok(typeof body === 'object' && body !== null, `not an object: ${JSON.stringify(body)}`);
  const r = body as Record<string, unknown>;
  for (const k of Object.keys(r)) assert.ok((slackResponseKeys as readonly string[]).includes(k), `SlackResponse has no property ${k}`);
  assert.equal(typeof r['ok'], 'boolean');
  for (const k of ['error', 'warning', 'needed', 'provided']) assert.ok(r[k] === undefined || typeof r[k] === 'string', `${k} is not a string`);
  const md = r['response_metadata'];
  if (md !== undefined) {
    assert.ok(typeof md === 'object' && md !== null);
    for (const [k, v] of Object.entries(md)) {
      assert.ok((responseMetadataKeys as readonly string[]).includes(k), `ResponseMetadata has no property ${k}`);
      assert.ok(Array.isArray(v) && v.every((s) => typeof s === 'string'), `response_metadata.${k} is not an array of strings`);
    }
  }
  return r as SlackResponse;
}

/** The ids of the live sessions of user, in order, read through the control API. */
async function sessionsOf(user: string): Promise<number[]> {
  const { sessions } = await ok(control().GET('/_mock/sessions', { params: { query: { user_id: user } } }));
  return sessions.map((s) => s.session_id);
}

/** The journal of method's calls, oldest first. */
async function journal(method: string): Promise<Entry[]> {
  const { requests, dropped } = await ok(control().GET('/_mock/requests', { params: { query: { method } } }));
  assert.equal(dropped, 0);
  return requests;
}

before(async () => {
  mock = await startMock();
}, { timeout: 300_000 }); // a cold `go build` of the mock takes a while on 2 cores

after(async () => {
  if (mock) assert.equal(await mock.stop(), 0, 'slackmock stops cleanly on SIGTERM');
});

beforeEach(async () => {
  const c = control();
  await ok(c.POST('/_mock/reset'));
  await ok(c.DELETE('/_mock/faults'));
  await ok(c.DELETE('/_mock/requests'));
});

describe('the mock serves the specs these clients were generated from', () => {
  for (const [path, file] of [['/openapi.yaml', 'openapi.yaml'], ['/_mock/openapi.yaml', 'mock/control.yaml']] as const) {
    test(`${path} is ${file}`, async () => {
      const res = await fetch(mock.base + path);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), await readFile(join(repoRoot, file), 'utf8'));
    });
  }
});

describe('admin.users.session.invalidate', () => {
  test('with a form body, ends one session', async () => {
    const { data, response } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { team_id: 'T0DEMO002', session_id: BOB_MOBILE } satisfies InvalidateArgs,
      headers: FORM,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e, ...more] = await journal(INVALIDATE);
    assert.deepEqual(more, []);
    assert.equal(e?.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e?.token_from, 'header');
    assert.deepEqual(e?.args, { team_id: 'T0DEMO002', session_id: '1112275520242' });
    assert.equal(e?.status, 200);
  });

  test('with a JSON body, ends one session, and warns of the missing charset', async () => {
    // openapi-fetch sends plain application/json; Slack answers ok with a warning then.
    const { data } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { team_id: 'T0DEMO002', session_id: BOB_MOBILE, user_id: BOB } satisfies InvalidateArgs,
    });
    assert.deepEqual(conforms(data), { ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e] = await journal(INVALIDATE);
    assert.equal(e?.content_type, 'application/json');
    assert.equal(e?.token_from, 'header');
    assert.deepEqual(e?.args, { team_id: 'T0DEMO002', session_id: BOB_MOBILE, user_id: BOB });
  });

  test('a session of another team is session_not_found, and nothing changes', async () => {
    // 1112275520244 is Bob's, but in T0DEMO001.
    const { data, response } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { team_id: 'T0DEMO002', session_id: BOB_WEB_1 } satisfies InvalidateArgs,
      headers: FORM,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(conforms(data), { ok: false, error: 'session_not_found' });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('a token without admin.users:write is missing_scope, with needed and provided', async () => {
    const { data } = await slack(READONLY).POST('/admin.users.session.invalidate', {
      body: { team_id: 'T0DEMO002', session_id: BOB_MOBILE } satisfies InvalidateArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(data), { ok: false, error: 'missing_scope', needed: 'admin.users:write', provided: 'admin.users:read' });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });
});

describe('admin.users.session.reset', () => {
  test('with a form body and mobile_only, ends only the mobile sessions', async () => {
    const { data } = await slack(ADMIN).POST('/admin.users.session.reset', {
      body: { user_id: BOB, mobile_only: true } satisfies ResetArgs,
      headers: FORM,
    });
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    const [e] = await journal(RESET);
    assert.equal(e?.content_type, 'application/x-www-form-urlencoded');
    assert.deepEqual(e?.args, { user_id: BOB, mobile_only: 'true' });
  });

  test('with a JSON body and web_only, ends only the web sessions', async () => {
    const { data } = await slack(ADMIN).POST('/admin.users.session.reset', {
      body: { user_id: BOB, web_only: true } satisfies ResetArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE]);
    const [e] = await journal(RESET);
    assert.equal(e?.content_type, 'application/json; charset=utf-8');
    assert.deepEqual(e?.args, { user_id: BOB, web_only: true });
  });

  test('with neither, ends every session', async () => {
    const { data } = await slack(ADMIN).POST('/admin.users.session.reset', { body: { user_id: BOB } satisfies ResetArgs, headers: FORM });
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), []);
  });

  test('a token without admin.users:write is missing_scope, with needed and provided', async () => {
    const { data } = await slack(READONLY).POST('/admin.users.session.reset', { body: { user_id: BOB } satisfies ResetArgs, headers: FORM });
    assert.deepEqual(conforms(data), { ok: false, error: 'missing_scope', needed: 'admin.users:write', provided: 'admin.users:read' });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('a 429 carries Retry-After in its header, changes nothing, and the next call succeeds', async () => {
    const fault: Fault = { method: RESET, status: 429, error: 'ratelimited', retry_after: 1, times: 1 };
    const added = await ok(control().POST('/_mock/faults', { body: fault }));
    assert.equal(added.ok, true);
    assert.deepEqual((await ok(control().GET('/_mock/faults'))).faults.map((f) => [f.id, f.left, f.method]), [[added.id, 1, RESET]]);

    const client = slack(ADMIN);
    const first = await client.POST('/admin.users.session.reset', { body: { user_id: BOB, mobile_only: true } satisfies ResetArgs, headers: FORM });
    assert.equal(first.response.status, 429);
    assert.equal(first.response.headers.get('Retry-After'), '1');
    assert.equal(first.data, undefined);
    assert.deepEqual(conforms(first.error), { ok: false, error: 'ratelimited' });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);

    // No waiting here: the fault answered once and is gone.
    const second = await client.POST('/admin.users.session.reset', { body: { user_id: BOB, mobile_only: true } satisfies ResetArgs, headers: FORM });
    assert.equal(second.response.status, 200);
    assert.deepEqual(conforms(second.data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    assert.deepEqual((await journal(RESET)).map((e) => [e.status, e.error, e.fault]), [
      [429, 'ratelimited', true],
      [200, undefined, undefined],
    ]);
  });
});
