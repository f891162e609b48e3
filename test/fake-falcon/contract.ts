/**
 * One exchange with the fake server checked against the SDK operation it implements (sdk-routes.ts) and that
 * operation's models (sdk-models.ts): the query and form parameters the operation declares, its JSON body model,
 * and its answer model for 2xx. The SDK generates no models for error answers; those are checked against
 * MsaspecResponseFields, the `{meta, errors}` envelope every Falcon answer shares.
 */
import { type Violation, validate } from './sdk-models';
import type { SdkOperation } from './sdk-routes';

export const ERROR_ENVELOPE_MODEL = 'MsaspecResponseFields';

export function requestViolations(
  op: SdkOperation,
  query: URLSearchParams,
  body: unknown,
  formFields: readonly string[] | undefined,
): Violation[] {
  const out: Violation[] = [];
  for (const name of new Set(query.keys())) {
    if (!op.query.includes(name)) out.push({ path: `query.${name}`, message: `${op.operation} takes no query parameter ${name}` });
  }
  for (const name of op.requiredQuery) {
    if (!query.has(name)) out.push({ path: `query.${name}`, message: `${op.operation} requires query parameter ${name}` });
  }
  if (formFields) {
    for (const name of formFields) {
      if (!op.form.includes(name)) out.push({ path: `form.${name}`, message: `${op.operation} takes no form field ${name}` });
    }
    for (const name of op.requiredForm) {
      if (!formFields.includes(name)) out.push({ path: `form.${name}`, message: `${op.operation} requires form field ${name}` });
    }
    return out;
  }
  if (op.bodyModel) out.push(...validate(op.bodyModel, body, 'body'));
  else if (body !== undefined) out.push({ path: 'body', message: `${op.operation} takes no request body` });
  return out;
}

export function responseViolations(op: SdkOperation, status: number, body: unknown): Violation[] {
  if (status >= 200 && status < 300) {
    if (op.responseModel) return validate(op.responseModel, body, 'answer');
    return body === undefined ? [] : [{ path: 'answer', message: `${op.operation} answers without a body` }];
  }
  return validate(ERROR_ENVELOPE_MODEL, body, 'answer');
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.path}: ${v.message}`).join('; ');
}
