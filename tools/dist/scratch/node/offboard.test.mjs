// A Node service's test with @slack-contracts/slackmock and Slack's own SDK: one mock for the
// file, an org of its own for each test. `npm install --save-dev @slack-contracts/slackmock`,
// then `node --test`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startSlackMock } from '@slack-contracts/slackmock';
import { WebClient } from '@slack/web-api';

// The service under test: it signs a user out of every session.
async function offboard(slack, userId) {
  await slack.admin.users.session.reset({ user_id: userId });
}

let mock;
before(async () => {
  mock = await startSlackMock(); // the demo org, on 127.0.0.1 with a free port
});
after(() => mock.stop());

test('offboarding signs the user out, through a rate limit', async (t) => {
  const org = await mock.newOrg(); // this test's own copy of the demo org
  t.after(() => org.end());
  await org.addFault({ method: 'admin.users.session.reset', status: 429, retry_after: 1, times: 1 });

  const slack = new WebClient('xoxp-demo-admin', { slackApiUrl: org.apiUrl });
  await offboard(slack, 'W0BOB0001'); // the SDK waits out the 429 and calls again

  assert.deepEqual(await org.sessions('W0BOB0001'), []);
  const calls = await org.requests('admin.users.session.reset');
  assert.deepEqual(calls.map((c) => c.status), [429, 200]);
});
