// A Node service's test against slackmock, through Slack's own SDK. Start the mock first
// (`make mock`, or `slackmock`), or set SLACKMOCK_URL to one; then `node --test readme.test.mjs`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { WebClient } from '@slack/web-api';

const base = process.env.SLACKMOCK_URL ?? 'http://127.0.0.1:8080';
const control = async (path, init) => (await fetch(`${base}/_mock/${path}`, init)).json();

// The service under test: it signs a user out of every session.
async function offboard(slack, userId) {
  await slack.admin.users.session.reset({ user_id: userId });
}

test('offboarding signs the user out, through a rate limit', async () => {
  const org = await readFile(new URL('../../examples/org.json', import.meta.url));
  await control('fixture', { method: 'POST', body: org }); // the org of the test
  await control('requests', { method: 'DELETE' }); // an empty journal
  await control('faults', {
    method: 'POST',
    body: JSON.stringify({ method: 'admin.users.session.reset', status: 429, retry_after: 1, times: 1 }),
  });

  const slack = new WebClient('xoxp-acme-admin', { slackApiUrl: `${base}/api/` });
  await offboard(slack, 'W0BOB0001'); // the SDK waits out the 429 and calls again

  const { sessions } = await control('sessions?user_id=W0BOB0001');
  const { requests } = await control('requests?method=admin.users.session.reset');
  assert.deepEqual(sessions, []);
  assert.deepEqual(requests.map((r) => r.status), [429, 200]);
});
