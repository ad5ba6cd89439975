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
type ListArgs = SlackComponents['schemas']['ListSessionsArgs'];
type ResetBulkArgs = SlackComponents['schemas']['ResetSessionsBulkArgs'];
type ListForm = SlackComponents['schemas']['ListSessionsForm'];
type SetSettingsArgs = SlackComponents['schemas']['SetSessionSettingsArgs'];
type SetSettingsForm = SlackComponents['schemas']['SetSessionSettingsForm'];
type GetSettingsArgs = SlackComponents['schemas']['GetSessionSettingsArgs'];
type GetSettingsForm = SlackComponents['schemas']['GetSessionSettingsForm'];
type ClearSettingsArgs = SlackComponents['schemas']['ClearSessionSettingsArgs'];
type SlackResponse = SlackComponents['schemas']['SlackResponse'];
type ResponseMetadata = SlackComponents['schemas']['ResponseMetadata'];
type ActiveSession = SlackComponents['schemas']['ActiveSession'];
type SessionDevice = SlackComponents['schemas']['SessionDevice'];
type UserSessionSettings = SlackComponents['schemas']['UserSessionSettings'];
type ListAnswer = SlackComponents['responses']['SessionListAnswer']['content']['application/json'];
type SettingsAnswer = SlackComponents['responses']['SessionSettingsAnswer']['content']['application/json'];
type Call = ControlComponents['schemas']['Call'];
type Fault = ControlComponents['schemas']['Fault'];

// The spec declares Retry-After, as a number, on every 429: this line stops compiling if not.
const retryAfterIsDeclared: SlackComponents['responses']['RateLimited']['headers']['Retry-After'] extends number ? true : never = true;

// session_id is a number in list's answers and in invalidate's JSON body alike (the spec's
// int64): these lines stop compiling if either becomes a string, or optional.
const listedIdIsNumber: ActiveSession['session_id'] extends number ? true : never = true;
const invalidateIdIsNumber: InvalidateArgs['session_id'] extends number ? true : never = true;

// Every property of each answer's objects, no more and no fewer: the compiler checks these
// lists against the generated types (AllOf fails to compile when the spec adds a property a
// list lacks), and conforms() checks answers against them.
type AllOf<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never] ? true : never;
const slackResponseKeys = ['ok', 'error', 'warning', 'needed', 'provided', 'req_method', 'response_metadata'] as const satisfies readonly (keyof SlackResponse)[];
const responseMetadataKeys = ['messages', 'warnings', 'next_cursor'] as const satisfies readonly (keyof ResponseMetadata)[];
const listAnswerKeys = [...slackResponseKeys, 'active_sessions'] as const satisfies readonly (keyof ListAnswer)[];
const activeSessionKeys = ['user_id', 'team_id', 'session_id', 'created', 'recent'] as const satisfies readonly (keyof ActiveSession)[];
const sessionDeviceKeys = ['device_hardware', 'os', 'os_version', 'slack_client_version', 'ip'] as const satisfies readonly (keyof SessionDevice)[];
const settingsAnswerKeys = [...slackResponseKeys, 'session_settings', 'no_settings_applied'] as const satisfies readonly (keyof SettingsAnswer)[];
const userSessionSettingsKeys = ['user_id', 'desktop_app_browser_quit', 'duration'] as const satisfies readonly (keyof UserSessionSettings)[];
const complete: true[] = [
  true satisfies AllOf<SlackResponse, typeof slackResponseKeys>,
  true satisfies AllOf<ResponseMetadata, typeof responseMetadataKeys>,
  true satisfies AllOf<ListAnswer, typeof listAnswerKeys>,
  true satisfies AllOf<ActiveSession, typeof activeSessionKeys>,
  true satisfies AllOf<SessionDevice, typeof sessionDeviceKeys>,
  true satisfies AllOf<SettingsAnswer, typeof settingsAnswerKeys>,
  true satisfies AllOf<UserSessionSettings, typeof userSessionSettingsKeys>,
];
void [retryAfterIsDeclared, listedIdIsNumber, invalidateIdIsNumber, complete];

const ADMIN = 'xoxp-demo-admin';
const READONLY = 'xoxp-demo-readonly';
const INVALIDATE = 'admin.users.session.invalidate';
const RESET = 'admin.users.session.reset';
const LIST = 'admin.users.session.list';
const RESET_BULK = 'admin.users.session.resetBulk';
const SET_SETTINGS = 'admin.users.session.setSettings';
// The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
const BOB = 'W0BOB0001';
const BOB_MOBILE = 1112275520242; // over 2^31: the spec's int64, exact in a JS number
const BOB_WEB_2 = 1112275520243;
const BOB_WEB_1 = 1112275520244;
const ALL_OF_BOB = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1];
const ALICE = 'W0ALICE01';
const OWNER = 'W0OWNER01';

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

/** Asserts that v is an object with no property but those of keys; answers it. */
function only(v: unknown, keys: readonly string[], what: string): Record<string, unknown> {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${what} is not an object: ${JSON.stringify(v)}`);
  for (const k of Object.keys(v)) assert.ok(keys.includes(k), `${what} has no property ${k} in the spec`);
  return v as Record<string, unknown>;
}

/** Asserts that each named property of r is absent or a string. */
function strings(r: Record<string, unknown>, keys: readonly string[], what: string): void {
  for (const k of keys) assert.ok(r[k] === undefined || typeof r[k] === 'string', `${what}.${k} is not a string`);
}

/**
 * Asserts that body is a SlackResponse as the spec describes it (keys: the properties of the
 * answer's schema, SlackResponse's by default): no property it does not declare.
 */
function conforms(body: unknown, keys: readonly string[] = slackResponseKeys): SlackResponse {
  const r = only(body, keys, 'the answer');
  assert.equal(typeof r['ok'], 'boolean');
  strings(r, ['error', 'warning', 'needed', 'provided'], 'the answer');
  if (r['response_metadata'] !== undefined) {
    const md = only(r['response_metadata'], responseMetadataKeys, 'response_metadata');
    for (const k of ['messages', 'warnings']) {
      const v = md[k];
      assert.ok(v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string')), `response_metadata.${k} is not an array of strings`);
    }
    strings(md, ['next_cursor'], 'response_metadata');
  }
  return r as SlackResponse;
}

/** conforms() for list's answer, and each session in it, as ActiveSession and SessionDevice say. */
function conformsList(body: unknown): ListAnswer {
  const r = conforms(body, listAnswerKeys) as ListAnswer;
  for (const s of r.active_sessions ?? []) {
    const o = only(s, activeSessionKeys, 'an active session');
    strings(o, ['user_id', 'team_id'], 'an active session');
    assert.ok(Number.isSafeInteger(o['session_id']), `session_id ${JSON.stringify(o['session_id'])} is not an integer`);
    assert.ok(o['created'] !== undefined, 'an active session has no created');
    for (const d of ['created', 'recent']) {
      if (o[d] !== undefined) strings(only(o[d], sessionDeviceKeys, d), sessionDeviceKeys, d);
    }
  }
  return r;
}

/** conforms() for getSettings' answer, and each user's settings in it. */
function conformsSettings(body: unknown): SettingsAnswer {
  const r = conforms(body, settingsAnswerKeys) as SettingsAnswer;
  for (const u of r.session_settings ?? []) {
    const o = only(u, userSessionSettingsKeys, 'session_settings[]');
    assert.equal(typeof o['user_id'], 'string');
    // All three keys are there, null for a setting not set, as Slack's reference has it.
    assert.ok(o['duration'] === null || Number.isSafeInteger(o['duration']));
    assert.ok(o['desktop_app_browser_quit'] === null || typeof o['desktop_app_browser_quit'] === 'boolean');
  }
  assert.ok((r.no_settings_applied ?? []).every((id) => typeof id === 'string'));
  return r;
}

/** The ids of the live sessions of user, in order, read through the control API. */
async function sessionsOf(user: string): Promise<number[]> {
  const { sessions } = await ok(control().GET('/_mock/sessions', { params: { query: { user_id: user } } }));
  return sessions.map((s) => s.session_id);
}

/** The journal of method's calls, oldest first. */
async function journal(method: string): Promise<Call[]> {
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
  await ok(c.POST('/_mock/restore'));
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
  test('with a form body, user_id and session_id, ends one session', async () => {
    const { data, response } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { user_id: BOB, session_id: BOB_MOBILE } satisfies InvalidateArgs,
      headers: FORM,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e, ...more] = await journal(INVALIDATE);
    assert.deepEqual(more, []);
    assert.equal(e?.content_type, 'application/x-www-form-urlencoded');
    assert.equal(e?.token_from, 'header');
    assert.deepEqual(e?.args, { user_id: BOB, session_id: '1112275520242' });
    assert.equal(e?.status, 200);
    assert.equal(e?.request_id, response.headers.get('X-Slack-Req-Id'));
  });

  test('with a JSON body and the deprecated team_id, ends one session, and warns of the missing charset', async () => {
    // openapi-fetch sends plain application/json; Slack answers ok with a warning then.
    const { data } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { user_id: BOB, session_id: BOB_MOBILE, team_id: 'T0DEMO002' } satisfies InvalidateArgs,
    });
    assert.deepEqual(conforms(data), { ok: true, warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);

    const [e] = await journal(INVALIDATE);
    assert.equal(e?.content_type, 'application/json');
    assert.equal(e?.token_from, 'header');
    assert.deepEqual(e?.args, { user_id: BOB, session_id: BOB_MOBILE, team_id: 'T0DEMO002' });
  });

  test('the 2020 shape (team_id, no user_id) does not compile, and the mock refuses it', async () => {
    // @ts-expect-error: user_id is required (today's docs); the 2020 spec had team_id instead.
    const old: InvalidateArgs = { team_id: 'T0DEMO002', session_id: BOB_MOBILE };
    const { data } = await slack(ADMIN).POST('/admin.users.session.invalidate', { body: old, headers: JSON_UTF8 });
    assert.deepEqual(conforms(data), {
      ok: false,
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] missing required field: user_id', "[ERROR] team_id is deprecated: Slack deprecated team_id on 2025-01-15; user_id names the session's user."],
      },
    });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('a session of another team is session_not_found, and nothing changes', async () => {
    // 1112275520244 is Bob's, but in T0DEMO001.
    const { data, response } = await slack(ADMIN).POST('/admin.users.session.invalidate', {
      body: { user_id: BOB, team_id: 'T0DEMO002', session_id: BOB_WEB_1 } satisfies InvalidateArgs,
      headers: FORM,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(conforms(data), { ok: false, error: 'session_not_found' });
    assert.deepEqual(await sessionsOf(BOB), ALL_OF_BOB);
  });

  test('a token without admin.users:write is missing_scope, with needed and provided', async () => {
    const { data, response } = await slack(READONLY).POST('/admin.users.session.invalidate', {
      body: { user_id: BOB, session_id: BOB_MOBILE } satisfies InvalidateArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(data), { ok: false, error: 'missing_scope', needed: 'admin.users:write', provided: 'admin.users:read' });
    assert.equal(response.headers.get('X-OAuth-Scopes'), 'admin.users:read');
    assert.equal(response.headers.get('X-Accepted-OAuth-Scopes'), 'admin.users:write');
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

describe('admin.users.session.list', () => {
  test('every page through cursors: typed active_sessions, session_id a number, each session once', async () => {
    const client = slack(ADMIN);
    const seen: ActiveSession[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, response } = await client.POST('/admin.users.session.list', {
        body: { limit: 2, cursor } satisfies ListArgs,
        headers: JSON_UTF8,
      });
      assert.equal(response.status, 200);
      const page = conformsList(data);
      assert.equal(page.ok, true, JSON.stringify(page));
      const sessions: ActiveSession[] = page.active_sessions ?? [];
      assert.ok(sessions.length <= 2);
      seen.push(...sessions);
      cursor = page.response_metadata?.next_cursor || undefined;
      pages += 1;
      assert.ok(pages <= 10, 'the cursors never end');
    } while (cursor !== undefined);

    const { sessions: live } = await ok(control().GET('/_mock/sessions'));
    assert.ok(pages > 1, 'more than one page');
    assert.equal(pages, Math.ceil(live.length / 2));
    const key = (s: { user_id: string; team_id: string; session_id: number }) => `${s.user_id}/${s.team_id}/${s.session_id}`;
    assert.equal(new Set(seen.map(key)).size, seen.length, 'a session came twice');
    assert.deepEqual(seen.map(key).sort(), live.map(key).sort());
    // The numbers are exact: the largest id, over 2^40, is the one the fixture has.
    const biggest: number = Math.max(...seen.map((s) => s.session_id));
    assert.equal(biggest, Math.max(...live.map((s) => s.session_id)));
    // And each created device is the fixture's.
    for (const s of seen) assert.deepEqual(s.created, live.find((l) => l.session_id === s.session_id)?.created ?? {});
  });

  test('with a form body: limit as a decimal string, one user in one team', async () => {
    const { data } = await slack(ADMIN).POST('/admin.users.session.list', {
      body: { user_id: BOB, team_id: 'T0DEMO002', limit: '10' } satisfies ListForm,
      headers: FORM,
    });
    const page = conformsList(data);
    assert.deepEqual(page.active_sessions?.map((s) => s.session_id).sort(), [BOB_MOBILE, BOB_WEB_2]);
    assert.equal(page.response_metadata?.next_cursor, '');
    const [e] = await journal(LIST);
    assert.deepEqual(e?.args, { user_id: BOB, team_id: 'T0DEMO002', limit: '10' });
  });

  test('a listed session_id goes straight back to invalidate', async () => {
    const client = slack(ADMIN);
    const { data } = await client.POST('/admin.users.session.list', {
      body: { user_id: BOB, team_id: 'T0DEMO001' } satisfies ListArgs,
      headers: JSON_UTF8,
    });
    const [s, ...more] = conformsList(data).active_sessions ?? [];
    assert.ok(s !== undefined);
    assert.deepEqual(more, []);
    const inv = await client.POST('/admin.users.session.invalidate', {
      body: { user_id: s.user_id, session_id: s.session_id } satisfies InvalidateArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(inv.data), { ok: true });
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE, BOB_WEB_2]);
  });

  test('a limit out of 1..1000 is invalid_arguments; user_id without team_id is missing_team', async () => {
    const client = slack(ADMIN);
    const bad = await client.POST('/admin.users.session.list', { body: { limit: '0' } satisfies ListForm, headers: FORM });
    const r = conforms(bad.data);
    assert.equal(r.error, 'invalid_arguments');
    assert.match(r.response_metadata?.messages?.[0] ?? '', /limit/);
    const lone = await client.POST('/admin.users.session.list', { body: { user_id: BOB } satisfies ListArgs, headers: JSON_UTF8 });
    assert.equal(conforms(lone.data).error, 'missing_team');
  });
});

describe('admin.users.session.resetBulk', () => {
  test('answers ok; its job ends the sessions, waited for through the control API', async () => {
    const { data, response } = await slack(ADMIN).POST('/admin.users.session.resetBulk', {
      body: { user_ids: [BOB, ALICE], web_only: true } satisfies ResetBulkArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(data), { ok: true });
    const { jobs } = await ok(control().GET('/_mock/jobs', { params: { query: { wait: '5s' } } }));
    const job = jobs.find((j) => j.request_id === response.headers.get('X-Slack-Req-Id'));
    assert.ok(job !== undefined, JSON.stringify(jobs));
    assert.equal(job.done, true);
    assert.equal(job.only, 'web');
    assert.deepEqual(job.results.map((r) => [r.user_id, r.ended]), [[BOB, 2], [ALICE, 1]]);
    assert.deepEqual(await sessionsOf(BOB), [BOB_MOBILE]);
    assert.deepEqual((await sessionsOf(ALICE)).length, 1);
  });

  test('in a form, openapi-fetch writes a user_ids array comma-joined, which works', async () => {
    const { data } = await slack(ADMIN).POST('/admin.users.session.resetBulk', {
      body: { user_ids: [BOB, ALICE], mobile_only: true } satisfies ResetBulkArgs,
      headers: FORM,
    });
    assert.deepEqual(conforms(data), { ok: true });
    assert.deepEqual((await journal(RESET_BULK))[0]?.args, { user_ids: 'W0BOB0001,W0ALICE01', mobile_only: 'true' });
    await ok(control().GET('/_mock/jobs', { params: { query: { wait: '5s' } } }));
    assert.deepEqual(await sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
  });
});

describe('session settings: setSettings, getSettings, clearSettings', () => {
  async function settingsOf(userIDs: string[]): Promise<SettingsAnswer> {
    const { data } = await slack(ADMIN).POST('/admin.users.session.getSettings', {
      body: { user_ids: userIDs } satisfies GetSettingsArgs,
      headers: JSON_UTF8,
    });
    const r = conformsSettings(data);
    assert.equal(r.ok, true, JSON.stringify(r));
    return r;
  }

  test('set (JSON), get (typed), clear, get again', async () => {
    const client = slack(ADMIN);
    const set = await client.POST('/admin.users.session.setSettings', {
      body: { user_ids: [BOB, ALICE], duration: 86400, desktop_app_browser_quit: true } satisfies SetSettingsArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(set.data), { ok: true });

    const got = await settingsOf([BOB, ALICE, OWNER]);
    const settings: UserSessionSettings[] = got.session_settings ?? [];
    const byUser = new Map(settings.map((u) => [u.user_id, u]));
    assert.deepEqual(byUser.get(BOB), { user_id: BOB, duration: 86400, desktop_app_browser_quit: true });
    assert.deepEqual(byUser.get(ALICE), { user_id: ALICE, duration: 86400, desktop_app_browser_quit: true });
    assert.deepEqual(got.no_settings_applied, [OWNER]);
    // Every item has all three keys, null where a setting is not set (the spec's nullable).
    const duration: number | null | undefined = byUser.get(BOB)?.duration;
    assert.equal(duration, 86400);

    const cleared = await client.POST('/admin.users.session.clearSettings', {
      body: { user_ids: [BOB] } satisfies ClearSettingsArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(cleared.data), { ok: true });
    const after = await settingsOf([BOB, ALICE]);
    assert.deepEqual(after.session_settings?.map((u) => u.user_id), [ALICE]);
    assert.deepEqual(after.no_settings_applied, [BOB]);
  });

  test('with form bodies: user_ids comma-separated (Python) and as a JSON array string (Node), booleans as 1/0', async () => {
    const client = slack(ADMIN);
    const set = await client.POST('/admin.users.session.setSettings', {
      body: { user_ids: `${BOB},${ALICE}`, desktop_app_browser_quit: '1' } satisfies SetSettingsForm,
      headers: FORM,
    });
    assert.deepEqual(conforms(set.data), { ok: true });
    const { data } = await client.POST('/admin.users.session.getSettings', {
      body: { user_ids: JSON.stringify([BOB, ALICE]) } satisfies GetSettingsForm,
      headers: FORM,
    });
    const got = conformsSettings(data);
    assert.deepEqual(got.session_settings?.map((u) => [u.user_id, u.desktop_app_browser_quit]).sort(), [[ALICE, true], [BOB, true]]);
    const [e] = await journal(SET_SETTINGS);
    assert.deepEqual(e?.args, { user_ids: 'W0BOB0001,W0ALICE01', desktop_app_browser_quit: '1' });
  });

  test('neither setting is at_least_one_session_setting_required; a short duration is invalid_arguments', async () => {
    const client = slack(ADMIN);
    const none = await client.POST('/admin.users.session.setSettings', { body: { user_ids: [BOB] } satisfies SetSettingsArgs, headers: JSON_UTF8 });
    assert.equal(conforms(none.data).error, 'at_least_one_session_setting_required');
    const short = await client.POST('/admin.users.session.setSettings', {
      body: { user_ids: BOB, duration: '60' } satisfies SetSettingsForm,
      headers: FORM,
    });
    const r = conforms(short.data);
    assert.equal(r.error, 'invalid_arguments');
    assert.match(r.response_metadata?.messages?.[0] ?? '', /duration/);
    assert.deepEqual((await settingsOf([BOB])).no_settings_applied, [BOB], 'nothing was set');
  });

  test('getSettings needs admin.users:read: missing_scope for a write-only token', async () => {
    const { data } = await slack('xoxp-demo-writeonly').POST('/admin.users.session.getSettings', {
      body: { user_ids: [BOB] } satisfies GetSettingsArgs,
      headers: JSON_UTF8,
    });
    assert.deepEqual(conforms(data), { ok: false, error: 'missing_scope', needed: 'admin.users:read', provided: 'admin.users:write' });
  });
});
