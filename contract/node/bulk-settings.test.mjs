// resetBulk, whose job ends the sessions after the answer (waited for with
// GET /_mock/jobs?wait=), and setSettings, getSettings and clearSettings, through Slack's Node
// SDK, which sends user_ids as a JSON array string.
//
//   npm ci && npm test        (in contract/node; see README.md)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newOrg } from './orgs.mjs';
import {
  ADMIN, WRITEONLY, RESET_BULK, SET_SETTINGS, CLEAR_SETTINGS, READ, BOB, BOB_WEB_2, BOB_WEB_1,
  ALL_OF_BOB, ALICE, ALICE_WEB, OWNER, clientFor, platformError,
} from './sdk.mjs';

describe('admin.users.session.resetBulk', () => {
  test('answers ok, then its job ends the sessions: wait for it through /_mock/jobs', async (t) => {
    const org = await newOrg(t);
    const res = await clientFor(org, ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, ALICE], mobile_only: true });
    assert.equal(res.ok, true);

    // The SDK sends user_ids as a JSON array string in its form.
    const [e] = await org.journal(RESET_BULK);
    assert.deepEqual(e.args, { user_ids: '["W0BOB0001","W0ALICE01"]', mobile_only: 'true' });

    const { jobs } = await org.control('GET', 'jobs?wait=5s');
    const job = jobs.find((j) => j.request_id === e.request_id);
    assert.ok(job, `no job of request ${e.request_id} in ${JSON.stringify(jobs)}`);
    assert.equal(job.method, RESET_BULK);
    assert.deepEqual(job.user_ids, [BOB, ALICE]);
    assert.equal(job.done, true);
    assert.equal(job.error, undefined);
    assert.deepEqual(job.results.map((r) => [r.user_id, r.ended, r.error]), [[BOB, 1, undefined], [ALICE, 1, undefined]]);

    assert.deepEqual(await org.sessionsOf(BOB), [BOB_WEB_2, BOB_WEB_1]);
    assert.deepEqual(await org.sessionsOf(ALICE), [ALICE_WEB]);
  });

  test('without mobile_only or web_only, every session of every user ends', async (t) => {
    const org = await newOrg(t);
    await clientFor(org, ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, ALICE] });
    await org.control('GET', 'jobs?wait=5s');
    assert.deepEqual(await org.sessionsOf(BOB), []);
    assert.deepEqual(await org.sessionsOf(ALICE), []);
    assert.deepEqual(await org.sessionsOf(OWNER), [3330000000001], 'others keep theirs');
  });

  test('an unknown user is user_not_found, and no job ends anything', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, ADMIN).admin.users.session.resetBulk({ user_ids: [BOB, 'W0NOBODY1'] }), 'user_not_found');
    await org.control('GET', 'jobs?wait=5s');
    assert.deepEqual(await org.sessionsOf(BOB), ALL_OF_BOB);
  });
});

describe('session settings: setSettings, getSettings, clearSettings', () => {
  test('set, read back, clear: user_ids go out as a JSON array string, and work', async (t) => {
    const org = await newOrg(t);
    const client = clientFor(org, ADMIN);
    const set = await client.admin.users.session.setSettings({ user_ids: [BOB, ALICE], duration: 86400, desktop_app_browser_quit: true });
    assert.equal(set.ok, true);
    const [e] = await org.journal(SET_SETTINGS);
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
    assert.deepEqual((await org.journal(CLEAR_SETTINGS))[0].args, { user_ids: '["W0BOB0001"]' });

    const after = await client.admin.users.session.getSettings({ user_ids: [BOB, ALICE] });
    assert.deepEqual(after.session_settings, [{ user_id: ALICE, duration: 86400, desktop_app_browser_quit: true }]);
    assert.deepEqual(after.no_settings_applied, [BOB]);
  });

  test('a setting not given is left as it was', async (t) => {
    const org = await newOrg(t);
    const client = clientFor(org, ADMIN);
    await client.admin.users.session.setSettings({ user_ids: [BOB], duration: 28800 });
    await client.admin.users.session.setSettings({ user_ids: [BOB], desktop_app_browser_quit: false });
    const got = await client.admin.users.session.getSettings({ user_ids: [BOB] });
    assert.deepEqual(got.session_settings, [{ user_id: BOB, duration: 28800, desktop_app_browser_quit: false }]);
  });

  test('neither duration nor desktop_app_browser_quit is at_least_one_session_setting_required', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, ADMIN).admin.users.session.setSettings({ user_ids: [BOB] }), 'at_least_one_session_setting_required');
  });

  test('a duration out of 28800..315569520 is invalid_arguments', async (t) => {
    const org = await newOrg(t);
    for (const duration of [28799, 315569521]) {
      const err = await platformError(clientFor(org, ADMIN).admin.users.session.setSettings({ user_ids: [BOB], duration }), 'invalid_arguments');
      assert.match(err.data.response_metadata.messages[0], /duration/);
    }
  });

  test('an unknown user is user_not_found; getSettings needs admin.users:read', async (t) => {
    const org = await newOrg(t);
    await platformError(clientFor(org, ADMIN).admin.users.session.getSettings({ user_ids: ['W0NOBODY1'] }), 'user_not_found');
    const err = await platformError(clientFor(org, WRITEONLY).admin.users.session.getSettings({ user_ids: [BOB] }), 'missing_scope');
    assert.equal(err.data.needed, READ);
  });
});
