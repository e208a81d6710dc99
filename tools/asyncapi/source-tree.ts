import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import * as ts from 'typescript';
import * as contracts from '@eshop/contracts';
import { integrationEventSchemas, type IntegrationEventName } from '@eshop/contracts';

/** Reads workspace files by workspace-relative path; tests substitute an in-memory tree. */
export interface SourceTree {
  read(path: string): string;
  exists(path: string): boolean;
  /** The files under a folder, recursively, sorted (forward slashes). */
  list(folder: string): string[];
}

export function diskTree(root: string): SourceTree {
  const walk = (folder: string): string[] =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .flatMap((entry) => {
        const path = posix.join(folder, entry.name);
        return entry.isDirectory() ? walk(path) : [path];
      })
      .sort();
  return {
    read: (path) => readFileSync(join(root, path), 'utf8'),
    exists: (path) => existsSync(join(root, path)),
    list: (folder) => (existsSync(join(root, folder)) ? walk(folder) : []),
  };
}

/** The folder holding nx.json, at or above `from` (works from tools/ and from dist/tools/). */
export function findWorkspaceRoot(from: string = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'nx.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no nx.json at or above ${from}`);
    folder = parent;
  }
  return folder;
}

export class EventFlowScanError extends Error {
  override readonly name = 'EventFlowScanError';
}

/** A source file, with the event wire-name constants it imports from '@eshop/contracts'. */
export interface ParsedFile {
  readonly path: string;
  readonly source: ts.SourceFile;
  /** Local name → wire name. */
  readonly wireNames: ReadonlyMap<string, IntegrationEventName>;
}

export function parseFile(tree: SourceTree, path: string): ParsedFile {
  const source = ts.createSourceFile(path, tree.read(path), ts.ScriptTarget.ES2022, true);
  return { path, source, wireNames: contractConstants(source) };
}

export function isEventName(value: string): value is IntegrationEventName {
  return Object.prototype.hasOwnProperty.call(integrationEventSchemas, value);
}

// Resolved through the contracts' own exports, so `import { X as Y }` and a constant whose
// value changes are both followed; a same-named local constant is not taken for the contract's.
function contractConstants(source: ts.SourceFile): Map<string, IntegrationEventName> {
  const names = new Map<string, IntegrationEventName>();
  const exported = contracts as unknown as Record<string, unknown>;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || moduleOf(statement) !== '@eshop/contracts') continue;
    for (const element of namedImports(statement)) {
      const value = exported[(element.propertyName ?? element.name).text];
      if (typeof value === 'string' && isEventName(value)) names.set(element.name.text, value);
    }
  }
  return names;
}

export function moduleOf(statement: ts.ImportDeclaration): string {
  return (statement.moduleSpecifier as ts.StringLiteral).text;
}

export function namedImports(statement: ts.ImportDeclaration): readonly ts.ImportSpecifier[] {
  const bindings = statement.importClause?.namedBindings;
  return bindings && ts.isNamedImports(bindings) ? bindings.elements : [];
}

/** Depth-first over every node of a file. */
export function visit(node: ts.Node, onNode: (node: ts.Node) => void): void {
  onNode(node);
  ts.forEachChild(node, (child) => visit(child, onNode));
}

/** `f(…)` → f, `a.b.f(…)` → f. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}
