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
 * Reads `<service>.subscriptions.ts` the way Nest does at run time: the exported array lists
 * handler classes (registered as controllers), and each `@EventPattern(<constant>)` method
 * of those classes becomes a binding of the service queue (ServerRabbitMq).
 */
export function subscriptionsOf(tree: SourceTree, subscriptionsFile: string): Handler[] {
  const list = parseFile(tree, subscriptionsFile);
  const listed = listedClasses(list.source);
  if (listed.length === 0) {
    throw new EventFlowScanError(`${subscriptionsFile} exports no array of handler classes`);
  }
  return listed.flatMap((className) => {
    const handlers = eventPatterns(parseFile(tree, importedFile(tree, list, className)), className);
    if (handlers.length === 0) {
      throw new EventFlowScanError(`${subscriptionsFile} lists ${className}, which has no @EventPattern method`);
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

function importedFile(tree: SourceTree, from: ParsedFile, className: string): string {
  for (const statement of from.source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    if (!namedImports(statement).some((element) => element.name.text === className)) continue;
    const specifier = moduleOf(statement);
    const file = posix.normalize(posix.join(posix.dirname(from.path), `${specifier}.ts`));
    if (specifier.startsWith('.') && tree.exists(file)) return file;
    throw new EventFlowScanError(`${from.path}: ${className} is not imported from a file of the app`);
  }
  throw new EventFlowScanError(`${from.path}: ${className} is not imported`);
}

function eventPatterns(file: ParsedFile, className: string): Handler[] {
  const declaration = file.source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === className,
  );
  if (!declaration) throw new EventFlowScanError(`${file.path} declares no class ${className}`);
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
