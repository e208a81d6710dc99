import { SlugCounter, githubSlug, headingText } from './github-slug';
import { checkLinks, diskDocsTree, formatBrokenLinks, workspaceRoot, type DocsTree } from './link-check';
import { parseMarkdown } from './markdown';

/** A workspace in memory: files by path; a folder exists when a file lies under it. */
function memoryTree(files: Record<string, string>): DocsTree {
  const paths = Object.keys(files).sort();
  return {
    kind: (path) => {
      if (path in files) return 'file';
      return path === '.' || paths.some((file) => file.startsWith(`${path}/`)) ? 'folder' : undefined;
    },
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    },
    markdownFiles: () => paths.filter((path) => path.endsWith('.md')),
  };
}

describe('GitHub heading slugs', () => {
  it.each([
    ['Event bus: topic routing, confirms, retries, parking', 'event-bus-topic-routing-confirms-retries-parking'],
    ['To follow a price change, read these files in this order', 'to-follow-a-price-change-read-these-files-in-this-order'],
    ['0001 — Event bus on amqplib', '0001--event-bus-on-amqplib'],
    ['Where the saga simplifies (and why)', 'where-the-saga-simplifies-and-why'],
    ['`EVENT_BUS_QUEUE` and __bold__ *it*', 'event_bus_queue-and-bold-it'],
    ['[ADR 0002](adr/0002.md) & the relay', 'adr-0002--the-relay'],
    ['Ünïcode façade', 'ünïcode-façade'],
  ])('%s → #%s', (heading, slug) => {
    expect(githubSlug(headingText(heading))).toBe(slug);
  });

  it('numbers repeated headings as GitHub does', () => {
    const slugs = new SlugCounter();
    expect(['Usage', 'Usage', 'Usage-1', 'Usage'].map((heading) => slugs.next(heading))).toEqual([
      'usage',
      'usage-1',
      'usage-1-1',
      'usage-2',
    ]);
  });
});

describe('parseMarkdown', () => {
  const text = [
    '# Title',
    'See [the relay](outbox.md#the-relay) and ![a picture](img/p.png "title").',
    '',
    '```ts',
    '// [not a link](nowhere.md)',
    '## Not a heading',
    '```',
    'Inline `[code](nowhere.md)` is no link, a [link whose text',
    'wraps](wrapped.md#L3) still is; [x.ts `relayBatch`](x.ts#L9) names its lines.',
    '',
    'Setext heading',
    '--------------',
    '',
    '[ref]: <reference target.md>',
    '<a id="custom-anchor"></a><a href="html.md">x</a>',
    '## Title',
    '## The token\'s `sub` and `#hash`',
  ].join('\n');

  it('finds links (inline, images, wrapped, reference, HTML) outside code, with their lines and named symbol', () => {
    expect(parseMarkdown(text).links).toEqual([
      { line: 2, target: 'outbox.md#the-relay' },
      { line: 2, target: 'img/p.png' },
      { line: 9, target: 'wrapped.md#L3' },
      { line: 9, target: 'x.ts#L9', symbol: 'relayBatch' },
      { line: 14, target: 'reference target.md' },
      { line: 15, target: 'html.md' },
    ]);
  });

  it('finds ATX and setext headings and HTML ids, numbering repeats', () => {
    expect([...parseMarkdown(text).anchors].sort()).toEqual([
      'custom-anchor',
      'setext-heading',
      'the-tokens-sub-and-hash',
      'title',
      'title-1',
    ]);
  });
});

describe('checkLinks', () => {
  const tree = memoryTree({
    'README.md': [
      '[ok](docs/a.md) [ok folder](docs/) [ok anchor](docs/a.md#second-part) [root](/docs/a.md)',
      '[missing](docs/nope.md) [bad anchor](docs/a.md#nope) [self](#intro) [bad self](#outro)',
      '[ext](https://example.com/x.md) [mail](mailto:a@b.c) [line](src/x.ts#L2-L3) [past](src/x.ts#L9)',
      '[named](src/x.ts#main) [outside](../elsewhere.md) [encoded](docs/with%20space.md)',
      '[x.ts `b`](src/x.ts#L2-L3) [x.ts `zzz`](src/x.ts#L1) [backwards](src/x.ts#L3-L2)',
      '## Intro',
    ].join('\n'),
    'docs/a.md': '# A\n## Second part\n[up](../README.md#intro)\n',
    'docs/with space.md': 'x',
    'src/x.ts': 'a\nb\nc\n',
  });

  it('reports each broken relative link and anchor with file, line and reason', () => {
    expect(formatBrokenLinks(checkLinks(tree))).toBe(
      [
        'README.md:2: docs/nope.md — no such file or folder: docs/nope.md',
        'README.md:2: docs/a.md#nope — no heading or id #nope in docs/a.md',
        'README.md:2: #outro — no heading or id #outro in README.md',
        'README.md:3: src/x.ts#L9 — #L9: src/x.ts has 3 lines',
        'README.md:4: src/x.ts#main — #main: only #L<n> or #L<n>-L<m> can point into src/x.ts',
        'README.md:4: ../elsewhere.md — points outside the repository',
        'README.md:5: src/x.ts#L1 — #L1: `zzz` is not in lines 1–1 of src/x.ts',
        'README.md:5: src/x.ts#L3-L2 — #L3-L2: not a range of lines',
      ].join('\n'),
    );
  });
});

describe('the Markdown of this repository', () => {
  it('has no broken relative link or anchor', () => {
    const broken = checkLinks(diskDocsTree(workspaceRoot()));
    if (broken.length > 0) {
      throw new Error(`${broken.length} broken link(s) in Markdown files:\n${formatBrokenLinks(broken)}`);
    }
  });
});
