// Finds the slackmock binary: the one $SLACKMOCK_BIN names, or the one in the platform package
// npm installed beside this one (an optional dependency for each platform; npm installs the
// one whose os and cpu match, and skips the others).

import { createRequire } from 'node:module';

/** The platform package of each `${process.platform} ${process.arch}` a binary is built for. */
const platformPackages: Readonly<Record<string, string>> = {
  'linux x64': '@slack-contracts/slackmock-linux-x64',
  'linux arm64': '@slack-contracts/slackmock-linux-arm64',
  'darwin x64': '@slack-contracts/slackmock-darwin-x64',
  'darwin arm64': '@slack-contracts/slackmock-darwin-arm64',
  'win32 x64': '@slack-contracts/slackmock-win32-x64',
  'win32 arm64': '@slack-contracts/slackmock-win32-arm64',
};

/**
 * Answers the path of the slackmock binary to run: $SLACKMOCK_BIN when set, else the binary of
 * this platform's package. Throws an error saying what to do when there is none.
 */
export function binaryPath(): string {
  const fromEnv = process.env['SLACKMOCK_BIN'];
  if (fromEnv) {
    return fromEnv;
  }
  const platform = `${process.platform} ${process.arch}`;
  const pkg = platformPackages[platform];
  if (pkg === undefined) {
    throw new Error(
      `slackmock has no binary for ${process.platform}/${process.arch} (it has: ${Object.keys(platformPackages).join(', ')}); ` +
        'build one with Go (go install github.com/slack-contracts/admin-users-session/mock/cmd/slackmock@latest) and set SLACKMOCK_BIN to it',
    );
  }
  const exe = process.platform === 'win32' ? 'slackmock.exe' : 'slackmock';
  try {
    return createRequire(import.meta.url).resolve(`${pkg}/bin/${exe}`);
  } catch {
    throw new Error(
      `${pkg}, which carries the slackmock binary for this platform, is not installed. npm installs it as an ` +
        'optional dependency of @slack-contracts/slackmock: it is left out by --omit=optional (or --no-optional), ' +
        'and by a lockfile made with optional dependencies left out. Install again with optional dependencies, ' +
        `or install ${pkg} itself at the same version as @slack-contracts/slackmock`,
    );
  }
}
