import { readWorkspaceFile } from './workspace';

export const PROD_SECRET_NAME = 'eshop-secrets';

/**
 * The keys docs/deployment.md promises the prod Secret holds: the first cell of each table row
 * (`| \`KEY\` | ... |`) under the heading that names the Secret contract.
 */
export function documentedSecretKeys(markdown = readWorkspaceFile('docs/deployment.md')): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#+ .*Secret contract/i.test(line));
  if (start < 0) throw new Error('docs/deployment.md has no "Secret contract" section');
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#+ /.test(line)) break;
    const cell = /^\|\s*`([A-Z0-9_]+)`\s*\|/.exec(line);
    if (cell?.[1]) keys.push(cell[1]);
  }
  return keys;
}
