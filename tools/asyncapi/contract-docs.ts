import * as ts from 'typescript';
import * as contracts from '@eshop/contracts';
import type { IntegrationEventName } from '@eshop/contracts';
import { EventFlowScanError, isEventName, parseFile, type SourceTree } from './source-tree';

const CONTRACTS = 'libs/contracts/src';

/** Where an event's schema is defined, and its doc comment there (if it has one). */
export interface ContractDoc {
  readonly schemaName: string;
  readonly file: string;
  readonly description: string | undefined;
}

/**
 * Follows `integrationEventSchemas` in libs/contracts/src/registry.ts from each wire-name
 * constant to its schema constant, and reads that constant's JSDoc: the catalogue says what
 * the contract's authors wrote, in one place.
 */
export function contractDocs(tree: SourceTree): Map<IntegrationEventName, ContractDoc> {
  const declarations = schemaDeclarations(tree);
  const docs = new Map<IntegrationEventName, ContractDoc>();
  for (const [event, schemaName] of registryEntries(tree)) {
    const found = declarations.get(schemaName);
    if (!found) throw new EventFlowScanError(`${CONTRACTS}: no exported const ${schemaName} (the schema of ${event})`);
    docs.set(event, { schemaName, ...found });
  }
  return docs;
}

function registryEntries(tree: SourceTree): Array<[IntegrationEventName, string]> {
  const registry = parseFile(tree, `${CONTRACTS}/registry.ts`);
  const exported = contracts as unknown as Record<string, unknown>;
  const entries: Array<[IntegrationEventName, string]> = [];
  for (const declaration of variableDeclarations(registry.source)) {
    if (declaration.name.getText() !== 'integrationEventSchemas') continue;
    let literal = declaration.initializer;
    while (literal && ts.isAsExpression(literal)) literal = literal.expression;
    if (!literal || !ts.isObjectLiteralExpression(literal)) break;
    for (const property of literal.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isComputedPropertyName(property.name)) continue;
      const key = exported[property.name.expression.getText()];
      if (typeof key === 'string' && isEventName(key)) entries.push([key, property.initializer.getText()]);
    }
  }
  if (entries.length === 0) throw new EventFlowScanError(`${CONTRACTS}/registry.ts: integrationEventSchemas not found`);
  return entries;
}

function schemaDeclarations(tree: SourceTree): Map<string, Omit<ContractDoc, 'schemaName'>> {
  const found = new Map<string, Omit<ContractDoc, 'schemaName'>>();
  for (const file of tree.list(CONTRACTS).filter((path) => path.endsWith('.integration-event.ts'))) {
    for (const declaration of variableDeclarations(parseFile(tree, file).source)) {
      found.set(declaration.name.getText(), { file, description: docComment(declaration) });
    }
  }
  return found;
}

function variableDeclarations(source: ts.SourceFile): ts.VariableDeclaration[] {
  return source.statements
    .filter(ts.isVariableStatement)
    .flatMap((statement) => [...statement.declarationList.declarations]);
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
