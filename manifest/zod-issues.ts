/**
 * Turns zod issues into findings a person can act on: what is wrong, what was found, and what would be valid.
 *
 * zod's own messages say "Invalid option" or "Unrecognized key" without the choices; the allowed enum values and
 * keys are read back from the schema at the issue's path, so the message lists them and suggests the nearest key
 * for a typo. Custom messages written in the schema (regexes, refines) are kept as they are.
 */
import { z } from 'zod';
import { closest } from './closest';
import { error, type Finding, type PathSegment } from './diagnostics';
import { quoteSafely } from './secret-scan';

type Issue = z.core.$ZodIssue;

/** Strip the wrappers that do not change what a value must look like. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap() as z.ZodType;
    }
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

function child(schema: z.ZodType, segment: PathSegment): z.ZodType | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return s.shape[String(segment)] as z.ZodType | undefined;
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodRecord) return s.valueType as z.ZodType;
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as readonly z.ZodType[]) {
      const found = child(option, segment);
      if (found) return found;
    }
  }
  return undefined;
}

/** The schema that validates the value at `path`, when the path can be followed. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = child(current, segment);
  }
  return current;
}

function enumValues(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const s = unwrap(schema);
  if (s instanceof z.ZodEnum) return s.options.map(String);
  if (s instanceof z.ZodLiteral) return [...s.values].map(String);
  if (s instanceof z.ZodUnion) return (s.options as readonly z.ZodType[]).flatMap(enumValues);
  return [];
}

/** Keys a map at this schema may have: an object's properties, or a record's enumerated keys. */
export function allowedKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodRecord) return enumValues(s.keyType as z.ZodType);
  return [];
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'an empty value';
  if (typeof input === 'string') return quoteSafely(input.length > 80 ? `${input.slice(0, 77)}...` : input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  return `${typeof input} ${String(input)}`;
}

const TYPE_NAMES: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', number: 'a number' };

/** zod's English defaults start like this; anything else was written in the schema and is kept. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too small|Too big|Unrecognized)/;

/** Schema messages are either a noun phrase ("a Region code such as …") or a sentence ("roleName must be …"). */
function expectation(text: string): string {
  return /^(a|an|one|the)\s/i.test(text) ? `expected ${text}` : text;
}

function oneOf(values: readonly string[]): string {
  return values.length === 1 ? values[0] : `one of: ${values.join(', ')}`;
}

function typeMessage(
  issue: Extract<Issue, { code: 'invalid_type' }>,
  schema: z.ZodType | undefined,
  key: PathSegment | undefined,
): string {
  const values = enumValues(schema);
  const expected = values.length > 0 ? oneOf(values) : (TYPE_NAMES[issue.expected] ?? issue.expected);
  if (issue.input === undefined) return `missing required key "${String(key)}" (expected ${expected})`;
  if (issue.expected === 'string' && typeof issue.input === 'number') {
    return (
      'expected a string, got a number: put it in quotes ' +
      '(YAML reads unquoted digits as a number and drops leading zeros)'
    );
  }
  return `expected ${expected}, got ${describeInput(issue.input)}`;
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  const unit = issue.origin === 'string' ? 'characters' : issue.origin === 'array' ? 'items' : issue.origin;
  return `must have ${bound} ${unit}`;
}

function messageFor(issue: Issue, schema: z.ZodType | undefined, key?: PathSegment): string {
  const custom = ZOD_DEFAULT_MESSAGE.test(issue.message) ? undefined : issue.message;
  if (issue.input === undefined && issue.code === 'invalid_value') {
    return `missing required key "${String(key)}" (expected ${oneOf(issue.values.map(String))})`;
  }
  if (issue.input === undefined && issue.code === 'invalid_union') {
    return `missing required key "${String(key)}" (expected ${custom ?? 'a value'})`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue, schema, key);
    case 'invalid_value':
      return `expected ${oneOf(issue.values.map(String))}, got ${describeInput(issue.input)}`;
    case 'too_small':
    case 'too_big':
      return custom ?? sizeMessage(issue);
    case 'invalid_format':
      return `${describeInput(issue.input)} is not valid: ${expectation(custom ?? `a valid ${issue.format}`)}`;
    case 'invalid_union':
      return `expected ${custom ?? 'a different kind of value'}, got ${describeInput(issue.input)}`;
    default:
      return custom ?? issue.message;
  }
}

/**
 * Findings for `issues` produced by `schema` (the manifest schema, or a product's parameter schema), with `prefix`
 * prepended to every path when `schema` validated a part of the document.
 */
export function findingsFromZodIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  prefix: readonly PathSegment[] = [],
): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    const here = schemaAt(schema, path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(here);
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
        const list = allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '; no keys are allowed here';
        findings.push(error([...prefix, ...path, key], `unknown key ${quoteSafely(key)}${list}.${hint}`, 'key'));
      }
    } else if (issue.code === 'invalid_key') {
      const key = path[path.length - 1];
      const reasons = issue.issues.map((inner) => messageFor(inner, undefined)).join('; ');
      findings.push(error([...prefix, ...path], `invalid key ${quoteSafely(String(key))}: ${reasons}`, 'key'));
    } else {
      findings.push(error([...prefix, ...path], messageFor(issue, here, path[path.length - 1])));
    }
  }
  return findings;
}
