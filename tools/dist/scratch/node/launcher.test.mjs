// The slackmock command npm installs: it runs the platform package's binary, and a SIGTERM
// sent to it (as a test harness or process manager sends) stops the mock cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

const bin = new URL('node_modules/.bin/slackmock', import.meta.url);

test('slackmock -addr 127.0.0.1:0 serves, and stops on SIGTERM to the launcher', async () => {
  const child = spawn(bin.pathname, ['-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const base = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    child.stdout.setEncoding('utf8').on('data', (s) => {
      out += s;
      const m = /^slackmock: serving the Slack Web API at (http:\/\/\S+)\/api\/ /.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const res = await fetch(`${base}/api/api.test`, { method: 'POST' });
  assert.equal((await res.json()).ok, true);

  child.kill('SIGTERM');
  const [code, signal] = await once(child, 'exit');
  assert.deepEqual([code, signal], [0, null]);
  assert.match(out, /slackmock: stopping/);
  await assert.rejects(fetch(`${base}/api/api.test`), 'nothing listens after the launcher exits');
});
