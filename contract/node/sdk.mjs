// What the test files share: the demo fixture's tokens, users and sessions, the Slack methods'
// names, and Slack's Node SDK pointed at an org of the mock (see orgs.mjs).

import assert from 'node:assert/strict';

import { ErrorCode, WebClient } from '@slack/web-api';

export const ADMIN = 'xoxp-demo-admin'; // admin.users:read and admin.users:write
export const MEMBER = 'xoxp-demo-member'; // a workspace install's token of a member
export const READONLY = 'xoxp-demo-readonly';
export const WRITEONLY = 'xoxp-demo-writeonly';
export const BOT = 'xoxb-demo-bot';
export const UNKNOWN = 'xoxp-no-such-token';
export const INVALIDATE = 'admin.users.session.invalidate';
export const RESET = 'admin.users.session.reset';
export const LIST = 'admin.users.session.list';
export const RESET_BULK = 'admin.users.session.resetBulk';
export const SET_SETTINGS = 'admin.users.session.setSettings';
export const GET_SETTINGS = 'admin.users.session.getSettings';
export const CLEAR_SETTINGS = 'admin.users.session.clearSettings';
export const READ = 'admin.users:read';
export const WRITE = 'admin.users:write';
// The demo fixture's Bob: a mobile and a web session in T0DEMO002, a web session in T0DEMO001.
export const BOB = 'W0BOB0001';
export const BOB_MOBILE = 1112275520242;
export const BOB_WEB_2 = 1112275520243;
export const BOB_WEB_1 = 1112275520244;
export const ALL_OF_BOB = [BOB_MOBILE, BOB_WEB_2, BOB_WEB_1];
// Alice: a mobile and a web session in T0DEMO001. The primary owner: one web session.
export const ALICE = 'W0ALICE01';
export const ALICE_MOBILE = 2220000000001;
export const ALICE_WEB = 2220000000002;
export const OWNER = 'W0OWNER01';

/**
 * A logger that keeps what the SDK logs, so that the test output stays clean.
 */
export function quietLogger() {
  const lines = [];
  const keep = (level) => (...msg) => lines.push(`${level} ${msg.join(' ')}`);
  return {
    lines,
    debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error'),
    setLevel() {}, getLevel() { return 'debug'; }, setName() {},
  };
}

/**
 * A client of org for token: the org's base URL, and a logger kept out of the test output.
 *
 * @param {import('./orgs.mjs').Org} org
 * @param {string | undefined} token
 * @param {import('@slack/web-api').WebClientOptions} [options]
 */
export function clientFor(org, token, options = {}) {
  return new WebClient(token, { slackApiUrl: org.apiUrl, logger: quietLogger(), ...options });
}

/**
 * Asserts that p rejects with the SDK's platform error for code, and answers the error.
 *
 * @param {Promise<unknown>} p
 * @param {string} code
 * @returns {Promise<any>}
 */
export async function platformError(p, code) {
  const err = await p.then(
    (res) => assert.fail(`expected ${code}, got ${JSON.stringify(res)}`),
    (e) => e,
  );
  assert.equal(err.code, ErrorCode.PlatformError, err.stack);
  assert.equal(err.data.ok, false);
  assert.equal(err.data.error, code);
  return err;
}

/**
 * A session as list answers it and as /_mock/sessions lists it, in one comparable shape.
 *
 * @param {{user_id: string, team_id: string, session_id: number}} s
 */
export const key = (s) => `${s.user_id}/${s.team_id}/${s.session_id}`;
