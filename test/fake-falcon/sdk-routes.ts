/**
 * The operations of CrowdStrike's API as the crowdstrike-falcon package generates them (`dist/apis/*.js`): for each
 * `<operation>Raw` method, its HTTP method and path, its query and form parameters (and which are required), the
 * model of its JSON body, the OAuth2 scope it asks for, and the model of its success answer. The fake server's
 * routes are checked against this table (fake-contract.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SDK_DIST } from './sdk-models';

export interface SdkOperation {
  readonly api: string;
  readonly operation: string;
  readonly method: string;
  /** The path template, `{name}` for a path parameter. */
  readonly path: string;
  /** Query parameter names on the wire. */
  readonly query: readonly string[];
  readonly requiredQuery: readonly string[];
  /** Form fields on the wire (application/x-www-form-urlencoded bodies). */
  readonly form: readonly string[];
  readonly requiredForm: readonly string[];
  /** Model of the JSON request body, when there is one. */
  readonly bodyModel?: string;
  /** Model of a 2xx answer; undefined for operations that answer without a JSON body. */
  readonly responseModel?: string;
  readonly scopes: readonly string[];
}

let table: SdkOperation[] | undefined;

function parseOperation(api: string, operation: string, code: string): SdkOperation | undefined {
  const method = /method: "([A-Z]+)"/.exec(code)?.[1];
  const rawPath = /path: `([^`]+)`/.exec(code)?.[1];
  if (!method || !rawPath) return undefined;
  const templatePath = rawPath.replace(/\$\{encodeURIComponent\(String\(requestParameters\["([^"]+)"\]\)\)\}/g, '{$1}');
  const required = new Set([...code.matchAll(/requestParameters\["([^"]+)"\] == null\) \{\s*throw new runtime\.RequiredError/g)].map((m) => m[1]));
  const query: string[] = [];
  const requiredQuery: string[] = [];
  for (const m of code.matchAll(/queryParameters\["([^"]+)"\] = requestParameters\["([^"]+)"\]/g)) {
    query.push(m[1]);
    if (required.has(m[2])) requiredQuery.push(m[1]);
  }
  const form: string[] = [];
  const requiredForm: string[] = [];
  for (const m of code.matchAll(/formParams\.append\("([^"]+)", requestParameters\["([^"]+)"\]/g)) {
    form.push(m[1]);
    if (required.has(m[2])) requiredForm.push(m[1]);
  }
  const scopes = [...(/accessToken\("oauth2", \[([^\]]*)\]\)/.exec(code)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return {
    api,
    operation,
    method,
    path: templatePath,
    query,
    requiredQuery,
    form,
    requiredForm,
    bodyModel: /body: \(0, index_1\.(\w+)ToJSON\)/.exec(code)?.[1],
    responseModel: /JSONApiResponse\(response, \(jsonValue\) => \(0, index_1\.(\w+)FromJSON\)/.exec(code)?.[1],
    scopes,
  };
}

/** Every operation of every API class in the package. */
export function sdkOperations(): SdkOperation[] {
  if (table) return table;
  const operations: SdkOperation[] = [];
  const dir = path.join(SDK_DIST, 'apis');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('Api.js'))) {
    const code = readFileSync(path.join(dir, file), 'utf8');
    const starts = [...code.matchAll(/^ {4}(\w+)Raw\(requestParameters, initOverrides\) \{$/gm)];
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1].index : code.length;
      const parsed = parseOperation(file.replace(/\.js$/, ''), start[1], code.slice(start.index, end));
      if (parsed) operations.push(parsed);
    });
  }
  table = operations;
  return operations;
}

/** The SDK operation serving `method path` (a concrete path); undefined when the SDK has none. */
export function sdkOperationFor(method: string, concretePath: string): SdkOperation | undefined {
  return sdkOperations().find((op) => {
    if (op.method !== method) return false;
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(concretePath);
  });
}
