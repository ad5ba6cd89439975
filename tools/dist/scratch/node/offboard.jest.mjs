// The Jest suite of a Node service, as ES modules, with @slack-contracts/slackmock and Slack's
// own SDK: one mock for the file, an org of its own for each test, and the tests run at once
// (test.concurrent), so each may sign Bob out or count his sessions as it likes.
// `npm install --save-dev @slack-contracts/slackmock jest @jest/globals`, then
// `node --experimental-vm-modules node_modules/jest/bin/jest.js`.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { startSlackMock } from '@slack-contracts/slackmock';
import { WebClient } from '@slack/web-api';

// The service under test: it signs a user out of every session, or of the mobile ones.
/** @param {WebClient} slack @param {string} userId */
async function offboard(slack, userId, mobileOnly = false) {
  await slack.admin.users.session.reset({ user_id: userId, mobile_only: mobileOnly });
}

/** @type {import('@slack-contracts/slackmock').SlackMock} */
let mock;
beforeAll(async () => {
  mock = await startSlackMock(); // the demo org, on 127.0.0.1 with a free port
});
afterAll(async () => {
  await mock.stop();
});

describe('offboarding', () => {
  test.concurrent('signs the user out, through a rate limit', async () => {
    const org = await mock.newOrg(); // this test's own copy of the demo org
    try {
      await org.addFault({ method: 'admin.users.session.reset', status: 429, retry_after: 1, times: 1 });

      const slack = new WebClient('xoxp-demo-admin', { slackApiUrl: org.apiUrl });
      await offboard(slack, 'W0BOB0001'); // the SDK waits out the 429 and calls again

      expect(await org.sessions('W0BOB0001')).toEqual([]);
      const calls = await org.requests('admin.users.session.reset');
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
    } finally {
      await org.end(); // afterEach hooks do not run around concurrent tests
    }
  });

  test.concurrent('mobile only leaves the web sessions', async () => {
    const org = await mock.newOrg();
    try {
      const slack = new WebClient('xoxp-demo-admin', { slackApiUrl: org.apiUrl });
      await offboard(slack, 'W0BOB0001', true);

      const left = await org.sessions('W0BOB0001');
      expect(left.map((s) => s.client)).toEqual(['web', 'web']);
      // The journal is this org's alone: none of the other tests' calls.
      const calls = await org.requests();
      expect(calls.map((c) => [c.method, c.status])).toEqual([['admin.users.session.reset', 200]]);
    } finally {
      await org.end();
    }
  });

  test.concurrent('the admin sees the sessions the org holds', async () => {
    const org = await mock.newOrg();
    try {
      const slack = new WebClient('xoxp-demo-admin', { slackApiUrl: org.apiUrl });
      const auth = await slack.auth.test();
      expect(auth.user_id).toBe('W0ADMIN01');
      const listed = await slack.admin.users.session.list({ user_id: 'W0BOB0001', team_id: 'T0DEMO002' });
      const held = await org.sessions('W0BOB0001', 'T0DEMO002');
      expect(held).toHaveLength(2); // whatever the tests beside this one signed out
      const ids = (/** @type {{ session_id?: number }[]} */ sessions = []) => sessions.map((s) => s.session_id).sort();
      expect(ids(listed.active_sessions)).toEqual(ids(held));
    } finally {
      await org.end();
    }
  });
});
