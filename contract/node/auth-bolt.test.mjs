// auth.test and api.test through Slack's Node SDK, the scopes it copies from the mock's
// headers into response_metadata, and Bolt for JavaScript, whose start (one auth.test) the
// mock answers.
//
//   npm ci && npm test        (in contract/node; see README.md)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { App } from '@slack/bolt';

import { newOrg } from './orgs.mjs';
import {
  ADMIN, MEMBER, READONLY, WRITEONLY, BOT, UNKNOWN, READ, WRITE, BOB, clientFor, platformError,
  quietLogger,
} from './sdk.mjs';

describe('auth.test', () => {
  /** What auth.test should answer for token, from the org's own state: its token, user, team and enterprise. */
  async function whoIs(org, token) {
    const f = await org.control('GET', 'fixture');
    const tok = f.tokens.find((x) => x.token === token);
    const u = f.users.find((x) => x.id === tok.user_id);
    const team = f.teams.find((x) => x.id === u.team_id);
    return { tok, u, team, enterprise: f.org };
  }

  test('an org admin\'s token of an org-wide install: the org as its team, the user, and no bot_id', async (t) => {
    const org = await newOrg(t);
    const { tok, u, enterprise } = await whoIs(org, ADMIN);
    assert.equal(tok.enterprise_install, true);
    const res = await clientFor(org, ADMIN).auth.test();
    assert.equal(res.ok, true);
    assert.equal(res.url, `https://${enterprise.domain}.enterprise.slack.com/`);
    assert.equal(res.team, enterprise.name);
    assert.equal(res.team_id, enterprise.id);
    assert.equal(res.user, u.name);
    assert.equal(res.user_id, u.id);
    assert.equal(res.enterprise_id, enterprise.id);
    assert.equal(res.is_enterprise_install, true);
    assert.equal(res.bot_id, undefined);
    // auth.test needs no scope: the token's scopes are there, and no method scope.
    assert.deepEqual(res.response_metadata.scopes, [READ, WRITE]);
    assert.equal(res.response_metadata.acceptedScopes, undefined);

    const [e, ...more] = await org.journal('auth.test');
    assert.deepEqual(more, []);
    assert.deepEqual([e.http_method, e.token_from, e.status, e.error, e.args], ['POST', 'header', 200, undefined, {}]);
  });

  test('a workspace install\'s user token: the user\'s workspace, not the org', async (t) => {
    const org = await newOrg(t);
    const { u, team, enterprise } = await whoIs(org, MEMBER);
    const res = await clientFor(org, MEMBER).auth.test();
    assert.equal(res.url, `https://${team.domain}.slack.com/`);
    assert.equal(res.team, team.name);
    assert.equal(res.team_id, team.id);
    assert.equal(res.user_id, u.id);
    assert.equal(res.enterprise_id, enterprise.id);
    assert.equal(res.is_enterprise_install, false);
  });

  test('a bot token: the bot user, and bot_id', async (t) => {
    const org = await newOrg(t);
    const { tok, u, team } = await whoIs(org, BOT);
    const res = await clientFor(org, BOT).auth.test();
    assert.equal(res.ok, true);
    assert.equal(res.user_id, u.id);
    assert.equal(res.user, u.name);
    assert.equal(res.team_id, team.id);
    assert.match(res.bot_id, /^B/);
    if (tok.bot_id !== undefined) assert.equal(res.bot_id, tok.bot_id);
  });

  const tokenErrors = [
    ['an unknown token', UNKNOWN, 'invalid_auth'],
    ['a revoked token', 'xoxp-demo-revoked', 'token_revoked'],
    ['an expired token', 'xoxp-demo-expired', 'token_expired'],
    ['the token of a deleted user', 'xoxp-demo-inactive', 'account_inactive'],
  ];
  for (const [name, token, code] of tokenErrors) {
    test(`${name} is ${code}`, async (t) => {
      const org = await newOrg(t);
      await platformError(clientFor(org, token).auth.test(), code);
      const [e] = await org.journal('auth.test');
      assert.equal(e.error, code);
    });
  }

  test('no token at all is not_authed', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, undefined).auth.test(), 'not_authed');
  });
});

describe('api.test', () => {
  test('echoes its arguments, with no token', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, undefined).api.test({ foo: 'bar', n: 3 });
    assert.equal(res.ok, true);
    assert.deepEqual(res.args, { foo: 'bar', n: '3' });
  });

  test('with error, fails with that code and still echoes', async (t) => {
    const org = await newOrg(t);
    const err = await platformError(clientFor(org, ADMIN).api.test({ error: 'my_error', foo: 'bar' }), 'my_error');
    assert.deepEqual(err.data.args, { error: 'my_error', foo: 'bar' });
  });
});

describe('response_metadata.scopes and acceptedScopes, from the scope headers', () => {
  test('on a result: the token\'s scopes and the method\'s', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.list({ limit: 1 });
    assert.deepEqual(res.response_metadata.scopes, [READ, WRITE]);
    assert.deepEqual(res.response_metadata.acceptedScopes, [READ]);
    const reset = await clientFor(org, WRITEONLY).admin.users.session.reset({ user_id: BOB });
    assert.deepEqual(reset.response_metadata.scopes, [WRITE]);
    assert.deepEqual(reset.response_metadata.acceptedScopes, [WRITE]);
  });

  test('on a missing_scope error too', async (t) => {
    const org = await newOrg(t);
    const err = await platformError(clientFor(org, READONLY).admin.users.session.reset({ user_id: BOB }), 'missing_scope');
    assert.deepEqual(err.data.response_metadata.scopes, [READ]);
    assert.deepEqual(err.data.response_metadata.acceptedScopes, [WRITE]);
  });

  test('not with an unknown token', async (t) => {
    const org = await newOrg(t);
    const err = await platformError(clientFor(org, UNKNOWN).admin.users.session.reset({ user_id: BOB }), 'invalid_auth');
    assert.equal(err.data.response_metadata?.scopes, undefined);
    assert.equal(err.data.response_metadata?.acceptedScopes, undefined);
  });
});

describe('Bolt for JavaScript starts against the mock', () => {
  /** A Bolt app on the mock, initialised by the test (deferInitialization) so that failures surface. */
  function boltApp(org, token) {
    return new App({
      token,
      signingSecret: 'x',
      deferInitialization: true,
      logger: quietLogger(),
      clientOptions: { slackApiUrl: org.apiUrl, retryConfig: { retries: 0 } },
    });
  }

  test('app.init() resolves: Bolt\'s auth.test of its bot token is answered', async (t) => {
    const org = await newOrg(t);
    const app = boltApp(org, BOT);
    await app.init();

    const calls = await org.journal();
    assert.deepEqual(calls.map((e) => [e.method, e.http_method, e.token_from, e.status, e.error]),
      [['auth.test', 'POST', 'header', 200, undefined]]);

    // Bolt keeps the bot's ids from that answer for every event it authorises.
    const { tokens } = await org.control('GET', 'fixture');
    const bot = tokens.find((x) => x.token === BOT);
    const auth = await app.authorize({ isEnterpriseInstall: false });
    assert.equal(auth.botToken, BOT);
    assert.equal(auth.botUserId, bot.user_id);
    assert.match(auth.botId, /^B/);
    assert.equal((await org.journal()).length, 1, 'no second auth.test');
  });

  test('app.init() rejects with invalid_auth for a token Slack does not know', async (t) => {
    const org = await newOrg(t);
    await platformError(boltApp(org, 'xoxb-no-such-token').init(), 'invalid_auth');
    const [e] = await org.journal('auth.test');
    assert.equal(e.error, 'invalid_auth');
  });
});
