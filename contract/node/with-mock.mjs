// Runs a command with a slackmock of its own: `node with-mock.mjs CMD ARGS…` starts one mock
// (see slackmock.mjs), runs CMD with SLACKMOCK_URL set to its base URL, stops the mock, and
// exits with CMD's code. `npm test` runs every test file through it, at once, on that one
// mock: each test makes an org of its own (orgs.mjs), and ends it.
//
// The run fails, whatever CMD's code, when the mock is left with an org (a test did not end
// its own), when the org the mock started with has a call in its journal (a test used the
// shared org, which tests running at once would trip over), or when the mock does not stop
// cleanly on SIGTERM.
import { spawn } from 'node:child_process';

import { startMock } from './slackmock.mjs';

const [cmd, ...args] = process.argv.slice(2);
const mock = await startMock();
const code = await new Promise((resolve, reject) => {
  const p = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, SLACKMOCK_URL: mock.base } });
  p.once('error', reject);
  p.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});

const problems = [];
const { orgs } = await (await fetch(`${mock.base}/_mock/orgs`)).json();
if (orgs.length > 0) problems.push(`orgs left behind, never ended: ${orgs.map((o) => o.id).join(' ')}`);
const { requests } = await (await fetch(`${mock.base}/_mock/requests`)).json();
if (requests.length > 0) problems.push(`calls to the shared org at /api/: ${requests.map((r) => r.method).join(' ')}`);
const stopped = await mock.stop();
if (stopped !== 0) problems.push(`slackmock exited with ${stopped} on SIGTERM, not 0`);

for (const p of problems) console.error(`with-mock.mjs: ${p}`);
process.exit(code !== 0 ? code : problems.length > 0 ? 1 : 0);
