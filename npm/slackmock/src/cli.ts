#!/usr/bin/env node
// The slackmock command of the npm package: runs this platform's binary with the arguments
// given, passes on the signals that stop it, and ends as it ends.

import { spawn } from 'node:child_process';

import { binaryPath } from './binary.js';

let bin: string;
try {
  bin = binaryPath();
} catch (e) {
  console.error(`slackmock: ${(e as Error).message}`);
  process.exit(1);
}

const child = spawn(bin, process.argv.slice(2), { stdio: 'inherit' });
// The mock stops cleanly on SIGINT and SIGTERM. A signal sent to this process alone (by a test
// harness, a process manager) must reach it too; Ctrl-C reaches both, and a second signal
// while the mock stops changes nothing.
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const forward = (signal: NodeJS.Signals) => {
  child.kill(signal);
};
for (const signal of signals) process.on(signal, forward);

child.once('error', (e) => {
  console.error(`slackmock: cannot run ${bin}: ${e.message}`);
  process.exit(1);
});
child.once('exit', (code, signal) => {
  if (signal === null) {
    process.exit(code ?? 1);
  }
  // Killed by a signal: end by the same signal, so that the caller sees what happened.
  for (const s of signals) process.off(s, forward);
  process.kill(process.pid, signal);
});
