// Times what an org of its own costs a test through the helper: newOrg() then end(), against
// one mock, after a warm-up; prints the median and the 90th percentile, in milliseconds.
// Not a test: tools/dist/test.sh runs it for its measurements.
import { startSlackMock } from '@slack-contracts/slackmock';

const runs = Number(process.argv[2] ?? 500);
const t0 = performance.now();
const mock = await startSlackMock();
const started = performance.now() - t0;
const ms = [];
for (let i = 0; i < runs + 50; i++) {
  const t = performance.now();
  const org = await mock.newOrg();
  await org.end();
  if (i >= 50) ms.push(performance.now() - t);
}
await mock.stop();
ms.sort((a, b) => a - b);
const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2);
console.log(`startSlackMock: ${started.toFixed(1)} ms`);
console.log(`an org of its own through the JS helper (newOrg + end): median ${at(0.5)} ms, p90 ${at(0.9)} ms (${runs} runs)`);
