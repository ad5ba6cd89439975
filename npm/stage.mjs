// Stages the npm packages of a release, for `npm pack`: the main package @slack-contracts/slackmock
// (npm/slackmock, its lib/ compiled first) and one package per platform carrying the binary.
// The main package names each platform package, at its own exact version, as an optional
// dependency; npm installs the one whose os and cpu match the machine and skips the others, so
// that an install downloads one binary and runs no script.
//
//   node npm/stage.mjs --version 1.2.3 --bin-dir dist/work/bin --out dist/work/npm
//
// --bin-dir holds one directory per Go platform built, such as linux_amd64/slackmock.

import { chmod, copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: { version: { type: 'string' }, 'bin-dir': { type: 'string' }, out: { type: 'string' } },
});
if (!opts.version || !opts['bin-dir'] || !opts.out) {
  console.error('usage: node npm/stage.mjs --version X.Y.Z --bin-dir DIR --out DIR');
  process.exit(2);
}
const { version } = opts;
const here = new URL('.', import.meta.url);

// Go's platforms, by npm's names for them (process.platform and process.arch).
const platforms = [
  { goos: 'linux', goarch: 'amd64', os: 'linux', cpu: 'x64', label: 'Linux x64' },
  { goos: 'linux', goarch: 'arm64', os: 'linux', cpu: 'arm64', label: 'Linux arm64' },
  { goos: 'darwin', goarch: 'amd64', os: 'darwin', cpu: 'x64', label: 'macOS x64 (macOS 12 or later)' },
  { goos: 'darwin', goarch: 'arm64', os: 'darwin', cpu: 'arm64', label: 'macOS arm64 (macOS 12 or later)' },
  { goos: 'windows', goarch: 'amd64', os: 'win32', cpu: 'x64', label: 'Windows x64' },
  { goos: 'windows', goarch: 'arm64', os: 'win32', cpu: 'arm64', label: 'Windows arm64' },
];

const main = JSON.parse(await readFile(new URL('slackmock/package.json', here), 'utf8'));
const licence = new URL('../LICENSE', here);
// What every package says of where it comes from.
const common = {
  license: main.license,
  homepage: main.homepage,
  repository: main.repository,
};

await rm(opts.out, { recursive: true, force: true });
const optionalDependencies = {};
for (const p of platforms) {
  const name = `${main.name}-${p.os}-${p.cpu}`;
  optionalDependencies[name] = version;
  const exe = p.goos === 'windows' ? 'slackmock.exe' : 'slackmock';
  const src = join(opts['bin-dir'], `${p.goos}_${p.goarch}`, exe);
  const dir = join(opts.out, `${p.os}-${p.cpu}`);
  try {
    await mkdir(join(dir, 'bin'), { recursive: true });
    await copyFile(src, join(dir, 'bin', exe));
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    await rm(dir, { recursive: true }); // not built this time (DIST_PLATFORMS)
    continue;
  }
  await chmod(join(dir, 'bin', exe), 0o755);
  await copyFile(licence, join(dir, 'LICENSE'));
  await writeJSON(join(dir, 'package.json'), {
    name,
    version,
    description: `The slackmock binary for ${p.label}, installed by ${main.name}: install that package, not this one.`,
    ...common,
    os: [p.os],
    cpu: [p.cpu],
    files: [`bin/${exe}`],
    // Yarn's Plug'n'Play keeps the binary on disk, where it can be run, not in a zip.
    preferUnplugged: true,
  });
  await writeFile(
    join(dir, 'README.md'),
    `# ${name}\n\nThe \`slackmock\` binary for ${p.label}. It is an optional dependency of ` +
      `[\`${main.name}\`](https://www.npmjs.com/package/${main.name}), which runs it: install that instead.\n`,
  );
}

// The main package: package.json less what only building it needs, with the version and the
// platform packages.
const dir = join(opts.out, 'slackmock');
await mkdir(dir, { recursive: true });
await cp(new URL('slackmock/lib', here), join(dir, 'lib'), { recursive: true });
await cp(new URL('slackmock/README.md', here), join(dir, 'README.md'));
await copyFile(licence, join(dir, 'LICENSE'));
const { scripts, devDependencies, ...published } = main;
await writeJSON(join(dir, 'package.json'), { ...published, version, optionalDependencies });

async function writeJSON(file, value) {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}
