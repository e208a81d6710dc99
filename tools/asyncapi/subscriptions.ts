import { posix } from 'node:path';
import * as ts from 'typescript';
import type { IntegrationEventName } from '@eshop/contracts';
import {
  EventFlowScanError,
  calleeName,
  isEventName,
  moduleOf,
  namedImports,
  parseFile,
  type ParsedFile,
  type SourceTree,
} from './source-tree';

/** One `@EventPattern` method of a class listed in a service's subscriptions file. */
export interface Handler {
  readonly event: IntegrationEventName;
  readonly handlerClass: string;
  /** The file declaring the class, workspace-relative. */
  readonly file: string;
}

/**
 * Reads an app's subscriptions list (`apps/<app>/src/<any>.subscriptions.ts`) the way the app
 * does at run time: the exported array lists the handler classes the app module provides, and
 * each `@EventPattern(<constant>)` method of those classes becomes a binding of the service
 * queue (found by the bus' Nest adapter, libs/event-bus-rabbitmq/src/nest). A listed class is followed through its import, whatever the file is
 * called: `./x` is `./x.ts` or `./x/index.ts`, aliases and re-exports (`export … from`) are
 * followed, and a class declared in the list's own file is found there.
 */
export function subscriptionsOf(tree: SourceTree, subscriptionsFile: string): Handler[] {
  const list = parseFile(tree, subscriptionsFile);
  const listed = listedClasses(list.source);
  if (listed.length === 0) {
    throw new EventFlowScanError(`${subscriptionsFile} exports no array of handler classes`);
  }
  return listed.flatMap((localName) => {
    const found = classOf(tree, list, localName);
    const handlers = eventPatterns(found.file, found.declaration);
    if (handlers.length === 0) {
      throw new EventFlowScanError(`${subscriptionsFile} lists ${localName}, which has no @EventPattern method`);
    }
    return handlers;
  });
}

function listedClasses(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const array = declaration.initializer && unwrap(declaration.initializer);
      if (!array || !ts.isArrayLiteralExpression(array)) continue;
      for (const element of array.elements) {
        if (!ts.isIdentifier(element)) {
          throw new EventFlowScanError(`${source.fileName}: list handler classes by name, found ${element.getText()}`);
        }
        names.push(element.text);
      }
    }
  }
  return names;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current)) {
    current = current.expression;
  }
  return current;
}

interface FoundClass {
  readonly file: ParsedFile;
  readonly declaration: ts.ClassDeclaration;
}

/** The class a local name of `from` refers to: declared there, or imported from a file of the app. */
function classOf(tree: SourceTree, from: ParsedFile, localName: string): FoundClass {
  const declaration = declaredClass(from, localName);
  if (declaration) return { file: from, declaration };
  for (const statement of from.source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const element = namedImports(statement).find((candidate) => candidate.name.text === localName);
    if (!element) continue;
    const exportedName = (element.propertyName ?? element.name).text;
    const specifier = moduleOf(statement);
    const file = relativeModule(tree, from.path, specifier);
    if (!file) {
      throw new EventFlowScanError(`${from.path}: ${localName} is imported from '${specifier}', which is no .ts file of the app`);
    }
    const found = exportedClass(tree, file, exportedName, new Set());
    if (found) return found;
    throw new EventFlowScanError(`${file} declares no class ${exportedName} (nor re-exports one)`);
  }
  throw new EventFlowScanError(`${from.path}: ${localName} is not imported`);
}

function declaredClass(file: ParsedFile, className: string): ts.ClassDeclaration | undefined {
  return file.source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === className,
  );
}

/** Follows `export { A as B } from './x'` and `export * from './x'` to the declaring file. */
function exportedClass(tree: SourceTree, path: string, name: string, seen: Set<string>): FoundClass | undefined {
  if (seen.has(path)) return undefined;
  seen.add(path);
  const file = parseFile(tree, path);
  const declaration = declaredClass(file, name);
  if (declaration) return { file, declaration };
  for (const statement of file.source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const target = relativeModule(tree, path, (statement.moduleSpecifier as ts.StringLiteral).text);
    const clause = statement.exportClause;
    if (!target || (clause && !ts.isNamedExports(clause))) continue;
    const element = clause?.elements.find((candidate) => candidate.name.text === name);
    if (clause && !element) continue;
    const found = exportedClass(tree, target, (element?.propertyName ?? element?.name)?.text ?? name, seen);
    if (found) return found;
  }
  return undefined;
}

/** A relative module specifier as a workspace file (`./x` → `./x.ts` or `./x/index.ts`). */
function relativeModule(tree: SourceTree, fromPath: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(fromPath), specifier));
  return [base, `${base}.ts`, `${base}/index.ts`].find((path) => path.endsWith('.ts') && tree.exists(path));
}

function eventPatterns(file: ParsedFile, declaration: ts.ClassDeclaration): Handler[] {
  const className = declaration.name?.text ?? '(anonymous class)';
  return declaration.members.flatMap((member) =>
    (ts.canHaveDecorators(member) ? (ts.getDecorators(member) ?? []) : [])
      .map((decorator) => decorator.expression)
      .filter((call): call is ts.CallExpression => ts.isCallExpression(call) && calleeName(call) === 'EventPattern')
      .map((call) => ({ event: patternEvent(file, className, call), handlerClass: className, file: file.path })),
  );
}

function patternEvent(file: ParsedFile, className: string, call: ts.CallExpression): IntegrationEventName {
  const [argument] = call.arguments;
  let event: IntegrationEventName | undefined;
  if (argument && ts.isIdentifier(argument)) event = file.wireNames.get(argument.text);
  else if (argument && ts.isStringLiteral(argument) && isEventName(argument.text)) event = argument.text;
  if (!event) {
    throw new EventFlowScanError(
      `${file.path}: ${className} @EventPattern(${argument?.getText() ?? ''}) names no event of @eshop/contracts`,
    );
  }
  return event;
}
