import { SlugCounter, headingText } from './github-slug';

/** A link as written in a Markdown file. */
export interface MarkdownLink {
  /** 1-based line of the link's target. */
  readonly line: number;
  readonly target: string;
  /**
   * The code span a link's text ends with, as in [x.ts `relayBatch`](x.ts#L97-L119): the name
   * the linked lines must contain.
   */
  readonly symbol?: string;
}

export interface MarkdownDocument {
  /** Every `#fragment` that lands somewhere in the rendered file: headings and HTML ids. */
  readonly anchors: ReadonlySet<string>;
  readonly links: readonly MarkdownLink[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
// [text](target "title") and ![alt](src): the target is the first token inside the parentheses.
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const TRAILING_CODE_SPAN = /`([^`\n]+)`\s*$/;
const HTML_ATTRIBUTE = /<[a-zA-Z][^>]*?\b(href|src|id|name)\s*=\s*"([^"]*)"/g;

/**
 * Reads the headings and links of a Markdown file the way GitHub renders it, closely enough
 * for a link check: fenced code blocks and inline code spans hold no links and no headings.
 */
export function parseMarkdown(text: string): MarkdownDocument {
  const outsideFences = blankFencedBlocks(text.split(/\r?\n/));
  const anchors = headingAnchors(outsideFences);
  const withCode = outsideFences.join('\n');
  // Code spans blanked at the same offsets: `withCode` still has them where a link's text needs them.
  const prose = blankCodeSpans(withCode);
  const links: MarkdownLink[] = [];
  const lineAt = lineCounter(prose);
  const add = (target: string, index: number, symbol?: string) =>
    links.push({ line: lineAt(index), target: target.replace(/^<|>$/g, ''), ...(symbol ? { symbol } : {}) });
  for (const match of prose.matchAll(INLINE_LINK)) {
    const target = match[1] as string;
    const start = match.index ?? 0;
    const linkText = withCode.slice(start, start + match[0].indexOf(']('));
    add(target, start + match[0].lastIndexOf(target), TRAILING_CODE_SPAN.exec(linkText)?.[1]);
  }
  for (const match of prose.matchAll(REFERENCE_DEFINITION)) {
    add(match[1] as string, (match.index ?? 0) + match[0].length - 1);
  }
  for (const match of prose.matchAll(HTML_ATTRIBUTE)) {
    const [, attribute, value] = match as unknown as [string, string, string];
    if (attribute === 'href' || attribute === 'src') add(value, match.index ?? 0);
    else anchors.add(value);
  }
  links.sort((a, b) => a.line - b.line);
  return { anchors, links };
}

/** Fenced code blocks (``` or ~~~) become empty lines, so line numbers stay right. */
function blankFencedBlocks(lines: readonly string[]): string[] {
  let fence: string | undefined;
  return lines.map((line) => {
    const opener = FENCE.exec(line)?.[1];
    if (fence === undefined) {
      if (opener === undefined) return line;
      fence = opener;
      return '';
    }
    if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) {
      fence = undefined;
    }
    return '';
  });
}

/** Inline code spans (which may wrap lines, never a blank one) become spaces. */
function blankCodeSpans(text: string): string {
  return text.replace(/(`+)(?:(?!\n[ \t]*\n)[\s\S])*?[^`]\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' '));
}

function headingAnchors(lines: readonly string[]): Set<string> {
  const slugs = new SlugCounter();
  const anchors = new Set<string>();
  lines.forEach((line, index) => {
    const atx = ATX_HEADING.exec(line);
    const previous = lines[index - 1] ?? '';
    if (atx) {
      anchors.add(slugs.next(headingText(atx[2] ?? '')));
    } else if (index > 0 && SETEXT_UNDERLINE.test(line) && isParagraphLine(previous, lines[index - 2])) {
      anchors.add(slugs.next(headingText(previous.trim())));
    }
  });
  return anchors;
}

/** A line that can be the text of a setext heading: prose, not a table, list or heading. */
function isParagraphLine(line: string, before: string | undefined): boolean {
  if (line.trim() === '' || (before !== undefined && before.trim() !== '')) return false;
  return !/^ {0,3}([|>#]|[-*+] |\d+[.)] )/.test(line) && !SETEXT_UNDERLINE.test(line);
}

function lineCounter(text: string): (index: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
