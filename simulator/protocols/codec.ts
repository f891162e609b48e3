import type { HttpRequest } from '@smithy/protocol-http';
import { HttpResponse } from '@smithy/protocol-http';
import type { AwsApiError } from '../core/errors';

export interface DecodedRequest {
  operation: string;
  input: Record<string, unknown>;
}

/** Turns wire requests into (operation, input) and results/errors back into the protocol's wire shape. */
export interface ProtocolCodec {
  decode(request: HttpRequest): DecodedRequest;
  encodeResult(operation: string, output: unknown, requestId: string): HttpResponse;
  encodeError(error: AwsApiError, requestId: string): HttpResponse;
}

const utf8 = new TextDecoder('utf-8');

export function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // Decode the bytes directly: the SDK's JSON body is a Uint8Array subclass whose valueOf() (which
  // Buffer.from would call) is deprecated.
  if (body instanceof Uint8Array) return utf8.decode(body);
  throw new Error(`Simulator: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

export function headerValue(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function textResponse(statusCode: number, contentType: string, text: string, extraHeaders: Record<string, string> = {}): HttpResponse {
  const body = Buffer.from(text, 'utf8');
  return new HttpResponse({
    statusCode,
    headers: { 'content-type': contentType, 'content-length': String(body.length), ...extraHeaders },
    body: new Uint8Array(body),
  });
}

/** JSON.stringify with timestamps as epoch seconds, the default timestamp format of both JSON protocols. */
export function toJsonWire(value: unknown): string {
  return JSON.stringify(value ?? {}).replace(/"__date:(-?\d+(?:\.\d+)?)"/g, '$1');
}

/** Deep copy that turns every Date into an epoch-seconds marker `toJsonWire` unwraps. */
export function markDates(value: unknown): unknown {
  if (value instanceof Date) return `__date:${value.getTime() / 1000}`;
  if (Array.isArray(value)) return value.map(markDates);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = markDates(v);
    return out;
  }
  return value;
}
