import { checkLinks, diskDocsTree, formatBrokenLinks, workspaceRoot } from './link-check';

/**
 * `node tools/run-ts.mjs tools/docs-check/check-links.ts`: the same check as
 * docs-check.spec.ts, printing every broken link of every Markdown file as `file:line: …`.
 */
const tree = diskDocsTree(workspaceRoot());
const broken = checkLinks(tree);
if (broken.length > 0) {
  process.stderr.write(`${broken.length} broken link(s):\n${formatBrokenLinks(broken)}\n`);
  process.exit(1);
}
process.stdout.write(`${tree.markdownFiles().length} Markdown files, every relative link and anchor resolves\n`);
