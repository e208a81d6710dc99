import { findWorkspaceRoot } from '../asyncapi/source-tree';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseMarkdown, type MarkdownDocument } from './markdown';

/** Reads the workspace by workspace-relative, forward-slash paths; tests use a memory tree. */
export interface DocsTree {
  kind(path: string): 'file' | 'folder' | undefined;
  read(path: string): string;
  /** Every Markdown file of the workspace, sorted. */
  markdownFiles(): string[];
}

/** Folders that hold no documentation of ours: installs, build output, caches, VCS. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'dist', '.nx', '.git', 'coverage', 'tmp']);

/** The folder holding nx.json (one finder for all tools). */
export const workspaceRoot = (from: string = __dirname): string => findWorkspaceRoot(from);

export function diskDocsTree(root: string): DocsTree {
  const walk = (folder: string): string[] =>
    readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : walk(path);
      return entry.isFile() && entry.name.endsWith('.md') ? [path] : [];
    });
  return {
    kind: (path) => {
      const full = join(root, path);
      if (!existsSync(full)) return undefined;
      return statSync(full).isDirectory() ? 'folder' : 'file';
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    markdownFiles: () => walk('').sort(),
  };
}

export interface BrokenLink {
  /** The Markdown file holding the link, workspace-relative. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly reason: string;
}

/** `docs/a.md:12: ../x.ts#L9 — reason`, one per line: what a failing check prints. */
export function formatBrokenLinks(broken: readonly BrokenLink[]): string {
  return broken.map((link) => `${link.file}:${link.line}: ${link.target} — ${link.reason}`).join('\n');
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const LINE_FRAGMENT = /^L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?$/;

/**
 * Every relative link of every Markdown file of the tree must reach a file or folder of the
 * workspace, and every `#fragment` must reach a heading (GitHub's slug) or an HTML id of the
 * Markdown file it points to, or a line (`#L12`, `#L12-L20`) of any other text file.
 * External links (any URL scheme, e.g. https: or mailto:) are not fetched.
 */
export function checkLinks(tree: DocsTree): BrokenLink[] {
  const parsed = new Map<string, MarkdownDocument>();
  const documentOf = (path: string): MarkdownDocument => {
    let document = parsed.get(path);
    if (!document) parsed.set(path, (document = parseMarkdown(tree.read(path))));
    return document;
  };
  return tree.markdownFiles().flatMap((file) =>
    documentOf(file).links.flatMap(({ line, target, symbol }) => {
      const reason = problemOf(tree, documentOf, file, target, symbol);
      return reason === undefined ? [] : [{ file, line, target, reason }];
    }),
  );
}

function problemOf(
  tree: DocsTree,
  documentOf: (path: string) => MarkdownDocument,
  file: string,
  target: string,
  symbol: string | undefined,
): string | undefined {
  if (EXTERNAL.test(target)) return undefined;
  const hash = target.indexOf('#');
  const rawPath = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  const fragment = hash === -1 ? undefined : target.slice(hash + 1);
  let path: string;
  try {
    path = rawPath === '' ? file : resolvePath(file, decodeURIComponent(rawPath));
  } catch {
    return 'malformed percent-encoding';
  }
  if (path.startsWith('../') || path === '..') return 'points outside the repository';
  const kind = tree.kind(path);
  if (kind === undefined) return `no such file or folder: ${path}`;
  if (fragment === undefined) return undefined;
  if (kind === 'folder') return `a folder has no #${fragment}`;
  if (path.endsWith('.md')) {
    const anchor = safeDecode(fragment);
    return documentOf(path).anchors.has(anchor) ? undefined : `no heading or id #${anchor} in ${path}`;
  }
  return lineProblem(tree.read(path), path, fragment, symbol);
}

/** `/x` is the repository root (as on GitHub); anything else is relative to the linking file. */
function resolvePath(file: string, path: string): string {
  const resolved = path.startsWith('/') ? posix.normalize(path.slice(1)) : posix.join(posix.dirname(file), path);
  return resolved.replace(/\/+$/, '') || '.';
}

/**
 * `#L12` or `#L12-L20` must lie inside the file; when the link's text ends with a code span
 * (`relayBatch`), that name must appear in those lines, so a line link cannot silently drift
 * onto other code when the file changes.
 */
function lineProblem(text: string, path: string, fragment: string, symbol: string | undefined): string | undefined {
  const match = LINE_FRAGMENT.exec(fragment);
  if (!match) return `#${fragment}: only #L<n> or #L<n>-L<m> can point into ${path}`;
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first < 1 || last < first) return `#${fragment}: not a range of lines`;
  if (last > lines.length) return `#${fragment}: ${path} has ${lines.length} lines`;
  if (symbol !== undefined && !lines.slice(first - 1, last).some((line) => line.includes(symbol))) {
    return `#${fragment}: \`${symbol}\` is not in lines ${first}–${last} of ${path}`;
  }
  return undefined;
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
