import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A piece of code linted as if it were the file at `filePath` (relative to the workspace root). */
export interface Snippet {
  readonly filePath: string;
  readonly code: string;
}

export interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

export const workspaceRootOfTools = join(__dirname, '..');

/**
 * Lints all snippets in one child process through ESLint's API: its flat config is ESM,
 * which jest's VM cannot load, and one process per snippet would cost seconds each. Used by
 * the specs that prove the architecture rules fire (module-boundaries, app-layers).
 */
export function lintSnippets(snippets: readonly Snippet[]): LintMessage[][] {
  const root = workspaceRootOfTools;
  const script = `
    import { readFileSync } from 'node:fs';
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: process.cwd() });
    const results = [];
    for (const { filePath, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath });
      results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const env = { ...process.env, NX_DAEMON: 'false' };
  // The Nx rule reads the cached project graph; compute it as `npm run lint` does.
  execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env, stdio: 'ignore' });
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    input: JSON.stringify(snippets.map(({ filePath, code }) => ({ filePath: join(root, filePath), code }))),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.toString()) as LintMessage[][];
}
