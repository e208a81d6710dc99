import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): playwright-core ships no browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Quiet, headless and unsandboxed (CI runs as root in a container): no GPU, no background
 * traffic to Google, no QUIC, no first-run or update work competing for a loaded machine's CPU.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One headless Chromium for a spec file. A missing browser is a failure, never a skip: a
 * storefront that was never driven in a browser must not pass as tested.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the storefront browser tests need it ` +
        `(apt-get install --no-install-recommends chromium; .ci/run installs it).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS, timeout: 120_000 });
}
