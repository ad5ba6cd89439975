// Type-checked by `tsc --noEmit`: a TypeScript suite sees the helper's types, and they refuse
// what the mock would refuse.
import { type Call, type Fault, type Org, type SlackMock, SlackMockError, connectSlackMock, startSlackMock } from '@slack-contracts/slackmock';

export async function typed(): Promise<void> {
  const mock: SlackMock = await startSlackMock({ args: ['-ratelimit'], fixture: new URL('file:///org.json') });
  const org: Org = await mock.newOrg({ org: { id: 'E1' }, teams: [{ id: 'T1' }] });
  const fault: Fault = { method: 'admin.users.session.reset', status: 429, retry_after: 1, times: 1 };
  const id: number = await org.addFault(fault);
  await org.removeFault(id);
  const calls: Call[] = await org.requests('admin.users.session.reset');
  const status: number | undefined = calls[0]?.status;
  const sessionId: number | undefined = (await org.sessions('W0BOB0001'))[0]?.session_id;
  await org.setRateLimit({ per_minute: 20, burst: 20 });
  // @ts-expect-error: a session's client is mobile or web
  await org.loadFixture({ sessions: [{ session_id: 1, user_id: 'W', team_id: 'T', client: 'desktop' }] });
  // @ts-expect-error: a fault's status is a number
  await org.addFault({ status: '429' });
  const e = new SlackMockError('m', 400, 'invalid_fixture');
  const code: string = e.code;
  void [status, sessionId, code];
  const dropped: number = await org.end();
  const exit: number | null = await mock.stop();
  const guarded: SlackMock = await startSlackMock({ controlToken: 'ctl' });
  const reached: SlackMock = connectSlackMock(guarded.url, { controlToken: 'ctl' });
  // @ts-expect-error: a control token is a string
  connectSlackMock(guarded.url, { controlToken: 1 });
  void [dropped, exit, reached];
}
