/** Falcon's `{meta, resources, errors}` response envelope, as the fake server writes it. */
import { randomUUID } from 'node:crypto';

export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export function envelope(
  status: number,
  resources: unknown[],
  errors: { code: number; message: string }[] = [],
  extraMeta: Record<string, unknown> = {},
): FakeResponse {
  return {
    status,
    body: {
      meta: { query_time: 0.004, powered_by: 'fake-falcon', trace_id: randomUUID(), ...extraMeta },
      resources,
      errors,
    },
  };
}

/** An error answer: the `{meta, errors}` envelope (MsaspecResponseFields), no resources. */
export function failure(status: number, message: string): FakeResponse {
  const { resources: _none, ...fields } = envelope(status, [], [{ code: status, message }]).body as Record<string, unknown>;
  return { status, body: fields };
}

/** Values of a query parameter, whether repeated (`ids=a&ids=b`) or comma-separated (`ids=a,b`). */
export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `body.resources` of a write request, or undefined when the body does not have that shape. */
export function requestResources(body: unknown): Record<string, unknown>[] | undefined {
  const resources = (body as { resources?: unknown } | undefined)?.resources;
  return Array.isArray(resources) && resources.every((r) => typeof r === 'object' && r !== null)
    ? (resources as Record<string, unknown>[])
    : undefined;
}
