// The helper's promises, held against the binary the platform package installed: the control
// API of the first org, orgs of their own, errors, and stopping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { SlackMockError, connectSlackMock, startSlackMock } from '@slack-contracts/slackmock';
import { WebClient } from '@slack/web-api';

const acme = {
  org: { id: 'E0ACME001', name: 'Acme' },
  teams: [{ id: 'T0ACME001', name: 'Acme', domain: 'acme' }],
  users: [
    { id: 'W0ADMIN01', team_id: 'T0ACME001', role: 'admin' },
    { id: 'W0CAROL01', team_id: 'T0ACME001' },
  ],
  tokens: [{ token: 'xoxp-acme-admin', user_id: 'W0ADMIN01', scopes: ['admin.users:read', 'admin.users:write'] }],
  sessions: [
    { session_id: 1112275520242, user_id: 'W0CAROL01', team_id: 'T0ACME001', client: 'mobile' },
    { session_id: 1112275520243, user_id: 'W0CAROL01', team_id: 'T0ACME001', client: 'web' },
  ],
};

describe('the org the mock starts with', () => {
  let mock;
  before(async () => {
    mock = await startSlackMock({ fixture: acme });
  });
  after(async () => {
    assert.equal(await mock.stop(), 0, 'slackmock exits 0 when stopped');
  });

  test('serves the fixture it was given, on loopback', async () => {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.apiUrl, `${mock.url}/api/`);
    const slack = new WebClient('xoxp-acme-admin', { slackApiUrl: mock.apiUrl });
    const auth = await slack.auth.test();
    assert.equal(auth.user_id, 'W0ADMIN01');
    assert.deepEqual((await mock.sessions('W0CAROL01')).map((s) => s.session_id), [1112275520242, 1112275520243]);
  });

  test('journal, faults, jobs, rate limit and restore', async () => {
    const slack = new WebClient('xoxp-acme-admin', {
      slackApiUrl: mock.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await mock.clearRequests();
    const id = await mock.addFault({ method: 'admin.users.session.list', error: 'fatal_error' });
    assert.equal((await mock.faults())[0].id, id);
    await assert.rejects(slack.admin.users.session.list(), /fatal_error/);
    await mock.removeFault(id);
    await assert.rejects(mock.removeFault(id), (e) => e instanceof SlackMockError && e.status === 404);
    await mock.addFault({ method: 'auth.test', status: 503 });
    await mock.clearFaults();
    assert.equal((await slack.auth.test()).ok, true);

    await slack.admin.users.session.resetBulk({ user_ids: ['W0CAROL01'], mobile_only: true });
    const [job] = await mock.waitJobs(5000);
    assert.deepEqual(job.results, [{ user_id: 'W0CAROL01', ended: 1 }]);
    assert.deepEqual((await mock.sessions('W0CAROL01')).map((s) => s.client), ['web']);

    const calls = await mock.requests();
    assert.deepEqual(calls.map((c) => [c.method, c.status, c.error]), [
      ['admin.users.session.list', 200, 'fatal_error'],
      ['auth.test', 200, undefined],
      ['admin.users.session.resetBulk', 200, undefined],
    ]);
    assert.equal(calls[0].fault, true);
    assert.equal(calls[0].token_from, 'header');

    await mock.setRateLimit({ per_minute: 1, burst: 1 });
    await slack.auth.test();
    await assert.rejects(slack.auth.test(), /rate-limit/);
    await mock.clearRateLimit();

    await mock.restore();
    assert.equal((await mock.sessions('W0CAROL01')).length, 2);
    await mock.loadFixture('{"org":{"id":"E0ACME001"},"teams":[{"id":"T0ACME001"}]}');
    assert.deepEqual(await mock.sessions(), []);
    assert.equal((await mock.fixture()).teams[0].id, 'T0ACME001');
    await mock.restore();
  });

  test('a refusal is a SlackMockError with its status and code', async () => {
    await assert.rejects(
      mock.loadFixture({ users: [{ id: 'W0NOPE', team_id: 'T0NOPE' }] }),
      (e) => e instanceof SlackMockError && e.status === 400 && e.code === 'invalid_fixture',
    );
  });
});

describe('orgs of their own', () => {
  let mock;
  before(async () => {
    mock = await startSlackMock();
  });
  after(() => mock.stop());

  test('each org has its own state and journal, and ends', async () => {
    const [a, b] = await Promise.all([mock.newOrg(), mock.newOrg(acme)]);
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.apiUrl, b.apiUrl);
    const admin = new WebClient('xoxp-demo-admin', { slackApiUrl: a.apiUrl });
    await admin.admin.users.session.reset({ user_id: 'W0BOB0001' });
    assert.deepEqual(await a.sessions('W0BOB0001'), []);
    assert.equal((await mock.sessions('W0BOB0001')).length, 3, 'the first org is untouched');
    assert.equal((await b.sessions('W0CAROL01')).length, 2, 'b started from its own fixture');
    assert.equal((await a.requests()).length, 1);
    assert.deepEqual(await b.requests(), []);
    const listed = (await mock.orgs()).map((o) => o.id);
    assert.ok(listed.includes(a.id) && listed.includes(b.id), `GET /_mock/orgs lists ${listed}`);

    assert.equal(await a.end(), 0);
    const gone = (e) => e instanceof SlackMockError && e.status === 404 && e.code === 'org_not_found';
    await assert.rejects(a.sessions(), gone);
    await assert.rejects(a.end(), gone);
    const once = new WebClient('xoxp-demo-admin', { slackApiUrl: a.apiUrl, retryConfig: { retries: 0 } });
    await assert.rejects(once.auth.test(), /404/, 'its Slack methods are gone too');
    await b.end();
    const left = (await mock.orgs()).map((o) => o.id);
    assert.ok(!left.includes(a.id) && !left.includes(b.id), `GET /_mock/orgs still lists ${left}`);
  });

  test('a bad fixture makes no org', async () => {
    await assert.rejects(mock.newOrg('users: [{id: W0NOPE, team_id: T0NOPE}]'), (e) => e.code === 'invalid_fixture');
  });

  test('an org with a time to live says when it ends', async () => {
    const org = await mock.newOrg(undefined, { ttlMs: 600_000 });
    assert.ok(Date.parse(org.expiresAt) > Date.now());
    assert.ok(Date.parse(org.createdAt) <= Date.now());
    await org.end();
  });
});

describe('a mock whose control API needs a token', () => {
  let mock;
  before(async () => {
    mock = await startSlackMock({ controlToken: 'ctl-s3cret' });
  });
  after(() => mock.stop());

  const refused = (e) => e instanceof SlackMockError && e.status === 401;

  test('the SlackMock and its orgs send the token they started it with', async () => {
    const org = await mock.newOrg();
    assert.equal((await org.sessions('W0BOB0001')).length, 3);
    await org.end();
    assert.equal((await mock.sessions('W0BOB0001')).length, 3);
  });

  test('connectSlackMock reaches it with the token, given or from $SLACKMOCK_CONTROL_TOKEN, and not without', async () => {
    const saved = process.env.SLACKMOCK_CONTROL_TOKEN;
    try {
      delete process.env.SLACKMOCK_CONTROL_TOKEN;
      const stranger = connectSlackMock(`${mock.url}/`);
      await assert.rejects(stranger.sessions(), refused);
      assert.equal(await stranger.stop(), null);

      const given = connectSlackMock(mock.url, { controlToken: 'ctl-s3cret' });
      assert.equal(given.apiUrl, mock.apiUrl);
      assert.equal((await given.sessions('W0BOB0001')).length, 3);
      assert.equal(await given.stop(), null, 'stop() leaves a mock it did not start running');

      process.env.SLACKMOCK_CONTROL_TOKEN = 'ctl-s3cret';
      const fromEnv = connectSlackMock(mock.url);
      assert.equal((await fromEnv.sessions('W0BOB0001')).length, 3);
      await fromEnv.stop();
      assert.equal((await mock.sessions('W0BOB0001')).length, 3, 'still serving');
    } finally {
      if (saved === undefined) delete process.env.SLACKMOCK_CONTROL_TOKEN;
      else process.env.SLACKMOCK_CONTROL_TOKEN = saved;
    }
  });

  test('connectSlackMock takes a base URL only', () => {
    for (const url of ['https://127.0.0.1:8080', '127.0.0.1:8080', 'http://127.0.0.1:8080/api/', 'http://127.0.0.1:8080?x=1']) {
      assert.throws(() => connectSlackMock(url), TypeError, url);
    }
  });
});
