import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

interface Rule {
  readonly regex: RegExp;
  readonly exclude: boolean;
}

/** A .dockerignore pattern as Docker reads it: `*`, `?`, `**` and `!` exceptions. */
function toRule(line: string): Rule {
  const exclude = !line.startsWith('!');
  const pattern = posix.normalize((exclude ? line : line.slice(1)).trim()).replace(/^\/+/, '');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { regex: new RegExp(`^${source}$`), exclude };
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(toRule);
}

/**
 * Whether the context leaves `path` out. As in Docker, the last matching rule wins, and a
 * rule matching a parent directory applies to everything below it.
 */
export function isIgnored(rules: Rule[], path: string): boolean {
  const segments = path.split('/');
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = rule.exclude;
  }
  return ignored;
}

/** Every file of the build context under `dir` (relative to `root`), after .dockerignore. */
export function contextFiles(root: string, rules: Rule[], dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules' || entry.name === '.git') {
      if (!isIgnored(rules, path)) files.push(`${path}/`); // reported, never walked
      continue;
    }
    if (entry.isDirectory()) files.push(...contextFiles(root, rules, path));
    else if (!isIgnored(rules, path)) files.push(path);
  }
  return files;
}
