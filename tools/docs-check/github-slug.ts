/**
 * The anchor GitHub gives a Markdown heading (the rules of github-slugger, which github.com
 * follows): the heading's rendered text, lower-cased, stripped of every character that is not
 * a letter, mark, digit, connector (`_`), hyphen or space, with each space turned into `-`.
 * A heading whose slug was already taken in the same file gets `-1`, `-2`, … appended.
 */
export function githubSlug(renderedText: string): string {
  return renderedText
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Slugs for the headings of one file, in order, numbering repeats as GitHub does. */
export class SlugCounter {
  private readonly occurrences = new Map<string, number>();

  next(renderedText: string): string {
    const original = githubSlug(renderedText);
    let slug = original;
    while (this.occurrences.has(slug)) {
      const count = (this.occurrences.get(original) ?? 0) + 1;
      this.occurrences.set(original, count);
      slug = `${original}-${count}`;
    }
    this.occurrences.set(slug, 0);
    return slug;
  }
}

/**
 * A heading's source as GitHub renders it to text: code spans keep their content verbatim,
 * links and images keep their text, HTML tags and emphasis markers disappear.
 */
export function headingText(source: string): string {
  const spans: string[] = [];
  const withoutCode = source.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_match, _ticks: string, body: string) => {
    spans.push(body.trim());
    return `\uE000${spans.length - 1}\uE001`;
  });
  const text = withoutCode
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[*~]+/g, '')
    .replace(/(^|[^\p{L}\p{N}_])_+|_+(?=[^\p{L}\p{N}_]|$)/gu, '$1');
  return text.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => spans[Number(index)] ?? '').trim();
}
