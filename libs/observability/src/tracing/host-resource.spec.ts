import { createHook } from 'node:async_hooks';
import { arch, hostname } from 'node:os';
import { hostAttributes, MACHINE_ID_FILES, syncHostDetector } from './host-resource';

const onLinux = process.platform === 'linux' ? it : it.skip;

describe('hostAttributes', () => {
  const reader = (files: Record<string, string>) => (path: string) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return content;
  };

  it('names the host and its architecture as the semantic conventions spell it', () => {
    const attributes = hostAttributes(reader({}));
    expect(attributes['host.name']).toBe(hostname());
    expect(attributes['host.arch']).toBe(({ x64: 'amd64', arm: 'arm32', ppc: 'ppc32', ia32: 'x86' } as Record<string, string>)[arch()] ?? arch());
  });

  onLinux('takes the machine id from the first file that has one, trimmed', () => {
    const [etc, dbus] = MACHINE_ID_FILES;
    expect(hostAttributes(reader({ [etc]: 'aaaa\n', [dbus]: 'bbbb\n' }))['host.id']).toBe('aaaa');
    expect(hostAttributes(reader({ [dbus]: ' bbbb\n' }))['host.id']).toBe('bbbb');
    expect(hostAttributes(reader({ [etc]: '\n', [dbus]: 'bbbb' }))['host.id']).toBe('bbbb');
    expect(hostAttributes(reader({}))).not.toHaveProperty('host.id');
  });
});

describe('syncHostDetector', () => {
  it('detects without making a promise: every attribute is there when detect returns', () => {
    let promises = 0;
    const hook = createHook({
      init(_id, type) {
        if (type === 'PROMISE') promises++;
      },
    }).enable();
    let detected: ReturnType<typeof syncHostDetector.detect>;
    try {
      detected = syncHostDetector.detect();
    } finally {
      hook.disable();
    }
    expect(promises).toBe(0);
    for (const value of Object.values(detected.attributes ?? {})) expect(typeof value).toBe('string');
    expect(detected.attributes).toMatchObject({ 'host.name': hostname() });
  });
});
