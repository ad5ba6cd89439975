// Runs a command with a slackmock of its own: `node with-mock.mjs CMD ARGS…` starts the mock
// (see slackmock.mjs), runs CMD with SLACKMOCK_URL set to its base URL, stops the mock, and
// exits with CMD's code. The README's test uses it, as a reader's `make mock` would serve it.
import { spawn } from 'node:child_process';

import { startMock } from './slackmock.mjs';

const [cmd, ...args] = process.argv.slice(2);
const mock = await startMock();
const code = await new Promise((resolve, reject) => {
  const p = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, SLACKMOCK_URL: mock.base } });
  p.once('error', reject);
  p.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
await mock.stop();
process.exit(code);
