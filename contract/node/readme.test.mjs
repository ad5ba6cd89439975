// A Node service's test against slackmock, through Slack's own SDK, on an org of its own (so
// tests and files may run at once on one mock). Start the mock first (`make mock`), or set
// SLACKMOCK_URL to one; then `node --test readme.test.mjs`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { WebClient } from '@slack/web-api';

const mock = process.env.SLACKMOCK_URL ?? 'http://127.0.0.1:8080';

// An org of the test's own, from a fixture file, ended when the test ends.
async function newOrg(t, fixture) {
  const res = await fetch(`${mock}/_mock/orgs`, { method: 'POST', body: await readFile(fixture) });
  const org = await res.json(); // { id, api_url, control_url, … }
  assert.equal(res.status, 201, org.message);
  t.after(() => fetch(`${mock}/_mock/orgs/${org.id}`, { method: 'DELETE' }));
  const control = async (path, init) => (await fetch(org.control_url + path, init)).json();
  return { apiUrl: org.api_url, control };
}

// The service under test: it signs a user out of every session.
async function offboard(slack, userId) {
  await slack.admin.users.session.reset({ user_id: userId });
}

test('offboarding signs the user out, through a rate limit', async (t) => {
  const org = await newOrg(t, new URL('../../examples/org.json', import.meta.url));
  await org.control('faults', {
    method: 'POST',
    body: JSON.stringify({ method: 'admin.users.session.reset', status: 429, retry_after: 1, times: 1 }),
  });

  const slack = new WebClient('xoxp-acme-admin', { slackApiUrl: org.apiUrl });
  await offboard(slack, 'W0BOB0001'); // the SDK waits out the 429 and calls again

  const { sessions } = await org.control('sessions?user_id=W0BOB0001');
  const { requests } = await org.control('requests?method=admin.users.session.reset');
  assert.deepEqual(sessions, []);
  assert.deepEqual(requests.map((r) => r.status), [429, 200]);
});
