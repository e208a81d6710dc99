import * as ts from 'typescript';
import * as contracts from '@eshop/contracts';
import type { IntegrationEventName } from '@eshop/contracts';
import { EventFlowScanError, isEventName, parseFile, type ParsedFile, type SourceTree } from './source-tree';

const CONTRACTS = 'libs/contracts/src';

/** Where an event's schema is defined, and its doc comment there (if it has one). */
export interface ContractDoc {
  readonly schemaName: string;
  readonly file: string;
  readonly description: string | undefined;
}

/**
 * Follows `integrationEventSchemas` (wherever libs/contracts declares it) from each wire-name
 * constant to its schema constant, and reads that constant's JSDoc: the catalogue says what
 * the contract's authors wrote, in one place. Every non-test `.ts` file of libs/contracts/src
 * is read, so the library's file names and folders are free to change.
 */
export function contractDocs(tree: SourceTree): Map<IntegrationEventName, ContractDoc> {
  const files = tree
    .list(CONTRACTS)
    .filter((path) => path.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(path))
    .map((path) => parseFile(tree, path));
  const declarations = schemaDeclarations(files);
  const docs = new Map<IntegrationEventName, ContractDoc>();
  for (const [event, schemaName] of registryEntries(files)) {
    const found = declarations.get(schemaName);
    if (!found) throw new EventFlowScanError(`${CONTRACTS}: no exported const ${schemaName} (the schema of ${event})`);
    docs.set(event, { schemaName, ...found });
  }
  return docs;
}

function registryEntries(files: readonly ParsedFile[]): Array<[IntegrationEventName, string]> {
  const exported = contracts as unknown as Record<string, unknown>;
  const entries: Array<[IntegrationEventName, string]> = [];
  const registry = files
    .flatMap((file) => variableDeclarations(file.source))
    .find((declaration) => declaration.name.getText() === 'integrationEventSchemas');
  let literal = registry?.initializer;
  while (literal && (ts.isAsExpression(literal) || ts.isSatisfiesExpression(literal))) literal = literal.expression;
  if (literal && ts.isObjectLiteralExpression(literal)) {
    for (const property of literal.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isComputedPropertyName(property.name)) continue;
      const key = exported[property.name.expression.getText()];
      if (typeof key === 'string' && isEventName(key)) entries.push([key, property.initializer.getText()]);
    }
  }
  if (entries.length === 0) throw new EventFlowScanError(`${CONTRACTS}: no integrationEventSchemas object literal`);
  return entries;
}

function schemaDeclarations(files: readonly ParsedFile[]): Map<string, Omit<ContractDoc, 'schemaName'>> {
  const found = new Map<string, Omit<ContractDoc, 'schemaName'>>();
  for (const file of files) {
    for (const declaration of variableDeclarations(file.source, { exportedOnly: true })) {
      const name = declaration.name.getText();
      const earlier = found.get(name);
      if (earlier) throw new EventFlowScanError(`${CONTRACTS}: ${name} is exported by ${earlier.file} and ${file.path}`);
      found.set(name, { file: file.path, description: docComment(declaration) });
    }
  }
  return found;
}

function variableDeclarations(source: ts.SourceFile, { exportedOnly = false } = {}): ts.VariableDeclaration[] {
  return source.statements
    .filter(ts.isVariableStatement)
    .filter((statement) => !exportedOnly || isExported(statement))
    .flatMap((statement) => [...statement.declarationList.declarations]);
}

function isExported(statement: ts.VariableStatement): boolean {
  return statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function docComment(declaration: ts.VariableDeclaration): string | undefined {
  const text = ts
    .getJSDocCommentsAndTags(declaration)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join('\n')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return text.length > 0 ? text : undefined;
}
