/**
 * The wire shapes of CrowdStrike's API, read from the crowdstrike-falcon package itself (its OpenAPI-generated
 * models), so the fake server can be checked against them and cannot drift from the real API:
 * - field names, optionality and types from each model's declaration file (`dist/models/<Model>.d.ts`, read with
 *   the TypeScript compiler API);
 * - the JSON name of each field from the model's generated `<Model>ToJSON` function (`dist/models/<Model>.js`).
 *
 * `validate` checks a JSON value against a model: no field the model does not declare, every required field
 * present, every value of its declared type (nested models, arrays, maps, enums and date strings included).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const SDK_DIST = path.join(path.dirname(require.resolve('crowdstrike-falcon/package.json')), 'dist');

export type TypeSpec =
  | { readonly kind: 'string' | 'number' | 'boolean' | 'object' | 'any' | 'date' }
  | { readonly kind: 'array' | 'map'; readonly of: TypeSpec }
  | { readonly kind: 'model'; readonly name: string }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

export interface FieldSpec {
  /** Name on the wire (JSON). */
  readonly wire: string;
  /** Name in the SDK's TypeScript model. */
  readonly property: string;
  readonly optional: boolean;
  readonly type: TypeSpec;
}

export interface ModelSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

const cache = new Map<string, ModelSpec>();

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

/** `export declare const XEnum: { readonly A: "a"; ... }` declarations of a model file, by name. */
function enumsOf(source: ts.SourceFile): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const type = declaration.type;
      if (!type || !ts.isTypeLiteralNode(type) || !ts.isIdentifier(declaration.name)) continue;
      const values = type.members
        .map((m) => (ts.isPropertySignature(m) && m.type && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal) ? m.type.literal.text : undefined))
        .filter((v): v is string => v !== undefined);
      enums.set(declaration.name.text, values);
    }
  }
  return enums;
}

function typeSpec(node: ts.TypeNode, enums: Map<string, string[]>, model: string): TypeSpec {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { kind: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { kind: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: 'boolean' };
    case ts.SyntaxKind.ObjectKeyword:
      return { kind: 'object' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return { kind: 'any' };
  }
  if (ts.isArrayTypeNode(node)) return { kind: 'array', of: typeSpec(node.elementType, enums, model) };
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index) return { kind: 'map', of: typeSpec(index.type, enums, model) };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const [argument] = node.typeArguments ?? [];
    if ((name === 'Array' || name === 'Set') && argument) return { kind: 'array', of: typeSpec(argument, enums, model) };
    if (name === 'Date') return { kind: 'date' };
    const values = enums.get(name);
    if (values) return { kind: 'enum', values };
    return { kind: 'model', name };
  }
  throw new Error(`${model}: unsupported type ${ts.SyntaxKind[node.kind]} in the SDK model`);
}

/** JSON name per TypeScript property, from the generated `<Model>ToJSON` function. */
function wireNames(js: string, model: string): Map<string, string> {
  const body = js.slice(js.indexOf(`function ${model}ToJSON(`));
  const end = body.indexOf('\n}\n');
  const names = new Map<string, string>();
  for (const line of body.slice(0, end).split('\n')) {
    const match = /^\s*(?:"([^"]+)"|([\w$]+)): .*?value\["([^"]+)"\]/.exec(line);
    if (match) names.set(match[3], match[1] ?? match[2]);
  }
  return names;
}

export function loadModel(name: string): ModelSpec {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = path.join(SDK_DIST, 'models', name);
  const source = ts.createSourceFile(`${name}.d.ts`, readFileSync(`${file}.d.ts`, 'utf8'), ts.ScriptTarget.Latest, true);
  const enums = enumsOf(source);
  const wire = wireNames(readFileSync(`${file}.js`, 'utf8'), name);
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!declaration) throw new Error(`the SDK has no interface ${name}`);
  const fields = declaration.members.filter(ts.isPropertySignature).map((member) => {
    const property = propertyName(member.name);
    const wireName = wire.get(property);
    if (!wireName) throw new Error(`${name}.${property}: no JSON name in ${name}ToJSON`);
    if (!member.type) throw new Error(`${name}.${property} has no type`);
    return { wire: wireName, property, optional: member.questionToken !== undefined, type: typeSpec(member.type, enums, name) };
  });
  const model = { name, fields };
  cache.set(name, model);
  return model;
}

export interface Violation {
  readonly path: string;
  readonly message: string;
}

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function check(type: TypeSpec, value: unknown, at: string, out: Violation[]): void {
  const wrong = (expected: string): void => {
    out.push({ path: at, message: `expected ${expected}, got ${describe(value)}` });
  };
  switch (type.kind) {
    case 'any':
      return;
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== type.kind) wrong(type.kind);
      return;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) wrong('an object');
      return;
    case 'date':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) wrong('a date-time string');
      return;
    case 'enum':
      if (typeof value !== 'string' || !type.values.includes(value)) wrong(`one of ${type.values.join(', ')}`);
      return;
    case 'array':
      if (!Array.isArray(value)) return wrong('an array');
      value.forEach((item, i) => check(type.of, item, `${at}[${i}]`, out));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('an object (map)');
      for (const [key, item] of Object.entries(value)) check(type.of, item, `${at}.${key}`, out);
      return;
    case 'model':
      out.push(...validate(type.name, value, at));
      return;
  }
}

/** Every way `value` departs from the SDK model `modelName` (empty when it conforms). */
export function validate(modelName: string, value: unknown, at = '$'): Violation[] {
  const model = loadModel(modelName);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: at, message: `expected a ${modelName} object, got ${describe(value)}` }];
  }
  const out: Violation[] = [];
  const record = value as Record<string, unknown>;
  const known = new Set(model.fields.map((f) => f.wire));
  for (const key of Object.keys(record)) {
    if (!known.has(key)) out.push({ path: `${at}.${key}`, message: `${modelName} has no field ${key}` });
  }
  for (const field of model.fields) {
    const item = record[field.wire];
    if (item === undefined || item === null) {
      if (!field.optional) out.push({ path: `${at}.${field.wire}`, message: `${modelName} requires ${field.wire}` });
      continue;
    }
    check(field.type, item, `${at}.${field.wire}`, out);
  }
  return out;
}
