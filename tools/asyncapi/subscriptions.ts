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

/** One `@EventPattern` method of a `@Broadcast()` class listed in an exported `…BroadcastSubscriptions` array. */
export interface BroadcastHandler extends Handler {
  /** The file exporting the list, workspace-relative. */
  readonly listedIn: string;
  /** The list's exported name (ends in `BroadcastSubscriptions`). */
  readonly list: string;
}

/** An exported array of this name lists broadcast handlers, not service-queue ones. */
export function isBroadcastListName(name: string): boolean {
  return name.endsWith('BroadcastSubscriptions');
}

/**
 * Reads an app's subscriptions list (`apps/<app>/src/<any>.subscriptions.ts`) the way the app
 * does at run time: the exported array lists the handler classes the app module provides, and
 * each `@EventPattern(<constant>)` method of those classes becomes a binding of the service
 * queue (found by the bus' Nest adapter, libs/event-bus-rabbitmq/src/nest). A listed class is followed through its import, whatever the file is
 * called: `./x` is `./x.ts` or `./x/index.ts`, aliases and re-exports (`export … from`) are
 * followed, and a class declared in the list's own file is found there. An exported
 * `…BroadcastSubscriptions` array is not a service-queue list (see broadcastSubscriptionsOf),
 * and a `@Broadcast()` class in a service-queue list is an error: the bus would not bind it there.
 */
export function subscriptionsOf(tree: SourceTree, subscriptionsFile: string): Handler[] {
  const list = parseFile(tree, subscriptionsFile);
  const listed = listedClasses(list.source, (name) => !isBroadcastListName(name)).flatMap((entry) => entry.classes);
  if (listed.length === 0) {
    throw new EventFlowScanError(`${subscriptionsFile} exports no array of handler classes`);
  }
  return listed.flatMap((localName) => {
    const found = classOf(tree, list, localName);
    const handlers = eventPatterns(tree, found.file, found.declaration);
    if (handlers.length === 0) {
      throw new EventFlowScanError(`${subscriptionsFile} lists ${localName}, which has no @EventPattern method`);
    }
    const broadcast = handlers.find((handler) => handler.broadcast);
    if (broadcast) {
      throw new EventFlowScanError(
        `${subscriptionsFile} lists ${localName}, whose @EventPattern(${broadcast.pattern}) is marked @Broadcast(): ` +
          'the bus binds it to each instance\'s own queue, not the service queue; list it in an exported `…BroadcastSubscriptions` array',
      );
    }
    return handlers.map(({ event, handlerClass, file }) => ({ event, handlerClass, file }));
  });
}

/**
 * The broadcast subscribers a file lists: every exported array whose name ends in
 * `BroadcastSubscriptions` (the gateway's `apiGatewayBroadcastSubscriptions`) names handler
 * classes the app provides, each `@EventPattern(…)` method of which the bus binds to the
 * instance's own broadcast queue because the class (or the method) is marked `@Broadcast()`.
 * Classes are followed as in subscriptionsOf. An empty list, a class without `@EventPattern`,
 * or a method not marked `@Broadcast()` (the bus would bind it to the service queue) is an error.
 */
export function broadcastSubscriptionsOf(tree: SourceTree, path: string): BroadcastHandler[] {
  const file = parseFile(tree, path);
  return listedClasses(file.source, isBroadcastListName).flatMap(({ list, classes }) => {
    if (classes.length === 0) throw new EventFlowScanError(`${path}: ${list} lists no handler class`);
    return classes.flatMap((localName) => {
      const found = classOf(tree, file, localName);
      const handlers = eventPatterns(tree, found.file, found.declaration);
      if (handlers.length === 0) {
        throw new EventFlowScanError(`${path}: ${list} lists ${localName}, which has no @EventPattern method`);
      }
      const unmarked = handlers.find((handler) => !handler.broadcast);
      if (unmarked) {
        throw new EventFlowScanError(
          `${path}: ${list} lists ${localName}, whose @EventPattern(${unmarked.pattern}) is not marked @Broadcast(): ` +
            'the bus would bind it to the service queue',
        );
      }
      return handlers.map(({ event, handlerClass, file: declaredIn }) => ({ event, handlerClass, file: declaredIn, listedIn: path, list }));
    });
  });
}

interface ListedClasses {
  readonly list: string;
  readonly classes: string[];
}

/** The class names of the file's exported array literals whose name `select` keeps. */
function listedClasses(source: ts.SourceFile, select: (name: string) => boolean): ListedClasses[] {
  const lists: ListedClasses[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && !select(declaration.name.text)) continue;
      const array = declaration.initializer && unwrap(declaration.initializer);
      if (!array || !ts.isArrayLiteralExpression(array)) continue;
      const classes = array.elements.map((element) => {
        if (!ts.isIdentifier(element)) {
          throw new EventFlowScanError(`${source.fileName}: list handler classes by name, found ${element.getText()}`);
        }
        return element.text;
      });
      lists.push({ list: declaration.name.getText(), classes });
    }
  }
  return lists;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current)) {
    current = current.expression;
  }
  return current;
}

type FoundClass = Found<ts.ClassDeclaration>;

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
    const found = exported(tree, file, exportedName, new Set(), declaredClass);
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

/** The initializer of a top-level `const <name> = …` of the file. */
function declaredConstant(file: ParsedFile, name: string): ts.Expression | undefined {
  for (const statement of file.source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const declaration = statement.declarationList.declarations.find(
      (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name,
    );
    if (declaration?.initializer) return declaration.initializer;
  }
  return undefined;
}

interface Found<T> {
  readonly file: ParsedFile;
  readonly declaration: T;
}

/** Follows `export { A as B } from './x'` and `export * from './x'` to the declaring file. */
function exported<T>(
  tree: SourceTree,
  path: string,
  name: string,
  seen: Set<string>,
  declared: (file: ParsedFile, name: string) => T | undefined,
): Found<T> | undefined {
  if (seen.has(path)) return undefined;
  seen.add(path);
  const file = parseFile(tree, path);
  const declaration = declared(file, name);
  if (declaration) return { file, declaration };
  for (const statement of file.source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const target = relativeModule(tree, path, (statement.moduleSpecifier as ts.StringLiteral).text);
    const clause = statement.exportClause;
    if (!target || (clause && !ts.isNamedExports(clause))) continue;
    const element = clause?.elements.find((candidate) => candidate.name.text === name);
    if (clause && !element) continue;
    const found = exported(tree, target, (element?.propertyName ?? element?.name)?.text ?? name, seen, declared);
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

interface Pattern extends Handler {
  /** The decorator's argument as written, for error messages. */
  readonly pattern: string;
  /** `@Broadcast()` on the class or on the method. */
  readonly broadcast: boolean;
}

const decoratorCalls = (node: ts.Node): ts.CallExpression[] =>
  (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [])
    .map((decorator) => decorator.expression)
    .filter((call): call is ts.CallExpression => ts.isCallExpression(call));

const isBroadcastDecorator = (call: ts.CallExpression) => calleeName(call) === 'Broadcast';

function eventPatterns(tree: SourceTree, file: ParsedFile, declaration: ts.ClassDeclaration): Pattern[] {
  const className = declaration.name?.text ?? '(anonymous class)';
  const classBroadcast = decoratorCalls(declaration).some(isBroadcastDecorator);
  return declaration.members.flatMap((member) => {
    const calls = decoratorCalls(member);
    const broadcast = classBroadcast || calls.some(isBroadcastDecorator);
    return calls
      .filter((call) => calleeName(call) === 'EventPattern')
      .flatMap((call) =>
        patternEvents(tree, file, className, call).map((event) => ({
          event,
          handlerClass: className,
          file: file.path,
          pattern: call.arguments[0]?.getText() ?? '',
          broadcast,
        })),
      );
  });
}

/**
 * The wire names an `@EventPattern(…)` binds. Nest takes one name or an array of names; the
 * argument may be a '@eshop/contracts' constant, a string literal, an array of those, or a
 * `const` of the app (in the file or imported from another file of it) holding one of
 * these or `Object.keys(<object literal keyed by those>)`, as the gateway's
 * `ORDER_STATUS_EVENT_NAMES` is. Anything else names no event: an error.
 */
function patternEvents(tree: SourceTree, file: ParsedFile, className: string, call: ts.CallExpression): IntegrationEventName[] {
  const [argument] = call.arguments;
  const events = argument ? eventsOf(tree, file, argument, new Set()) : undefined;
  if (!events || events.length === 0) {
    throw new EventFlowScanError(
      `${file.path}: ${className} @EventPattern(${argument?.getText() ?? ''}) names no event of @eshop/contracts`,
    );
  }
  return [...new Set(events)];
}

function eventsOf(tree: SourceTree, file: ParsedFile, node: ts.Expression, seen: Set<string>): IntegrationEventName[] | undefined {
  const expression = unwrap(node);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return isEventName(expression.text) ? [expression.text] : undefined;
  }
  if (ts.isIdentifier(expression)) {
    const wireName = file.wireNames.get(expression.text);
    if (wireName) return [wireName];
    const constant = constantOf(tree, file, expression.text, seen);
    return constant && eventsOf(tree, constant.file, constant.declaration, seen);
  }
  if (ts.isArrayLiteralExpression(expression)) {
    const parts = expression.elements.map((element) =>
      eventsOf(tree, file, ts.isSpreadElement(element) ? element.expression : element, seen),
    );
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (isObjectKeysCall(expression)) {
    const [target] = expression.arguments;
    const object = target && objectLiteralOf(tree, file, target, seen);
    return object && keysOf(tree, object.file, object.declaration, seen);
  }
  return undefined;
}

function isObjectKeysCall(expression: ts.Expression): expression is ts.CallExpression {
  return (
    ts.isCallExpression(expression) &&
    ts.isPropertyAccessExpression(expression.expression) &&
    ts.isIdentifier(expression.expression.expression) &&
    expression.expression.expression.text === 'Object' &&
    expression.expression.name.text === 'keys'
  );
}

function objectLiteralOf(
  tree: SourceTree,
  file: ParsedFile,
  node: ts.Expression,
  seen: Set<string>,
): Found<ts.ObjectLiteralExpression> | undefined {
  const expression = unwrap(node);
  if (ts.isObjectLiteralExpression(expression)) return { file, declaration: expression };
  if (!ts.isIdentifier(expression)) return undefined;
  const constant = constantOf(tree, file, expression.text, seen);
  return constant && objectLiteralOf(tree, constant.file, constant.declaration, seen);
}

/** The keys of an object literal, each a wire name (`[CONSTANT]: …` or `'Name': …`); a spread names none. */
function keysOf(tree: SourceTree, file: ParsedFile, object: ts.ObjectLiteralExpression, seen: Set<string>): IntegrationEventName[] | undefined {
  const keys = object.properties.map((property): IntegrationEventName[] | undefined => {
    const name = property.name;
    if (!name || ts.isSpreadAssignment(property)) return undefined;
    if (ts.isComputedPropertyName(name)) return eventsOf(tree, file, name.expression, seen);
    if (ts.isStringLiteral(name) || ts.isIdentifier(name)) return isEventName(name.text) ? [name.text] : undefined;
    return undefined;
  });
  return keys.every((key) => key !== undefined) ? keys.flat() : undefined;
}

/** A `const` of the app by its local name in `file`: declared there, or imported from a file of the app. */
function constantOf(tree: SourceTree, file: ParsedFile, localName: string, seen: Set<string>): Found<ts.Expression> | undefined {
  const key = `${file.path}#${localName}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const declaration = declaredConstant(file, localName);
  if (declaration) return { file, declaration };
  for (const statement of file.source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const element = namedImports(statement).find((candidate) => candidate.name.text === localName);
    if (!element) continue;
    const target = relativeModule(tree, file.path, moduleOf(statement));
    return target ? exported(tree, target, (element.propertyName ?? element.name).text, new Set(), declaredConstant) : undefined;
  }
  return undefined;
}
