// What a test's own org costs, from Node over loopback: `node with-mock.mjs node org-cost.mjs`
// makes and ends orgs one after another (POST /_mock/orgs, DELETE /_mock/orgs/{id}) and prints
// the mean time of a pair in µs, with no body (the demo fixture) and with examples/org.json
// posted; beside it, what a test paid before orgs, on the one shared org: a restore and three
// clears (POST restore, DELETE faults, ratelimit and requests); and, as the floor, two calls
// that do next to nothing (GET /_mock/faults twice). ORG_COST_ROUNDS sets the runs timed
// (2000 by default), after a quarter as many to warm up.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { mockBase } from './orgs.mjs';

const base = mockBase();
const rounds = Number(process.env.ORG_COST_ROUNDS ?? 2000);
const acme = await readFile(new URL('../../examples/org.json', import.meta.url));

/** A call that must answer status; its body is read, as a client would. */
async function call(method, path, status, body) {
  const res = await fetch(base + path, { method, body });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${path}: ${text}`);
  return text;
}

/** Makes an org (from body, or the mock's own fixture) and ends it. */
async function orgPair(body) {
  const { id } = JSON.parse(await call('POST', '/_mock/orgs', 201, body));
  await call('DELETE', `/_mock/orgs/${id}`, 200);
}

/** What a test did on the shared org before each test, before orgs. */
async function restoreAndClear() {
  await call('POST', '/_mock/restore', 200);
  await call('DELETE', '/_mock/faults', 200);
  await call('DELETE', '/_mock/ratelimit', 200);
  await call('DELETE', '/_mock/requests', 200);
}

/** Two calls that do next to nothing: what fetch and HTTP cost over loopback. */
async function floor() {
  await call('GET', '/_mock/faults', 200);
  await call('GET', '/_mock/faults', 200);
}

/** The mean µs of fn over rounds runs, after rounds/4 to warm up. */
async function mean(fn) {
  for (let i = 0; i < rounds / 4; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1000 / rounds;
}

const rows = [
  ['an org, no body (the demo fixture): POST + DELETE', await mean(() => orgPair())],
  ['an org, examples/org.json posted: POST + DELETE', await mean(() => orgPair(acme))],
  ['the shared org: restore + 3 clears (the old beforeEach)', await mean(restoreAndClear)],
  ['the floor: GET /_mock/faults twice', await mean(floor)],
];
for (const [what, us] of rows) console.log(`${us.toFixed(0).padStart(6)} µs  ${what}`);
console.log(`(${rounds} runs each, one at a time, Node ${process.version}, fetch over loopback)`);
