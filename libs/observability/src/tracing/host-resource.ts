import { readFileSync } from 'node:fs';
import { arch, hostname } from 'node:os';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

type ResourceDetector = NodeSDKConfiguration['resourceDetectors'][number];

/** Where Linux keeps the machine id (the files @opentelemetry/resources reads, in its order). */
export const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'] as const;

/** Node's `os.arch()` in the semantic conventions' `host.arch` values. */
const ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm: 'arm32', ppc: 'ppc32', ia32: 'x86' };

/**
 * `host.name`, `host.arch` and `host.id`, as the SDK's host detector gives them, with the
 * machine id read synchronously at start-up.
 *
 * The SDK's detector loads its Linux reader with a dynamic `import()` and reads the file
 * with `fs.promises`. Both run through Node's internal `SafePromise` class, whose objects
 * have other maps than the app's promises. The start-up runs with the context manager's
 * promise hooks already on, so those promises reach the hooks' property loads, which then
 * see more promise maps than V8 keeps inline caches for, and the loads turn megamorphic for
 * the rest of the process's life: with tracing on, every promise of every request paid for
 * that one file read (docs/adr/0016, decision 10).
 */
export function hostAttributes(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Record<string, string> {
  const machine = arch();
  const attributes: Record<string, string> = { 'host.name': hostname(), 'host.arch': ARCH[machine] ?? machine };
  if (process.platform !== 'linux') return attributes;
  for (const path of MACHINE_ID_FILES) {
    try {
      const id = read(path).trim();
      if (id) return { ...attributes, 'host.id': id };
    } catch {
      // Not there (a minimal container image): try the next one, or go without host.id.
    }
  }
  return attributes;
}

/** The host detector of the SDK's defaults, without promises (see `hostAttributes`). */
export const syncHostDetector: ResourceDetector = { detect: () => ({ attributes: hostAttributes() }) };
