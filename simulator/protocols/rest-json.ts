import type { HttpRequest } from '@smithy/protocol-http';
import { AwsApiError } from '../core/errors';
import { bodyText, markDates, textResponse, toJsonWire, type DecodedRequest, type ProtocolCodec } from './codec';

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/clusters/{clusterName}/access-entries`; each `{label}` becomes an input member. */
  path: string;
  operation: string;
}

interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  labels: string[];
}

/** restJson1 (EKS): operation chosen by method + path; labels, query string and JSON body merge into the input. */
export class RestJsonCodec implements ProtocolCodec {
  private readonly routes: CompiledRoute[];

  constructor(routes: RestRoute[]) {
    this.routes = routes.map((route) => {
      const labels: string[] = [];
      const source = route.path.replace(/\{(\w+)\}/g, (_m, label: string) => {
        labels.push(label);
        return '([^/]+)';
      });
      return { ...route, labels, pattern: new RegExp(`^${source}$`) };
    });
  }

  decode(request: HttpRequest): DecodedRequest {
    for (const route of this.routes) {
      if (route.method !== request.method.toUpperCase()) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      const input: Record<string, unknown> = {};
      const text = bodyText(request);
      if (text.trim() !== '') Object.assign(input, JSON.parse(text) as Record<string, unknown>);
      for (const [key, value] of Object.entries(request.query ?? {})) {
        input[key] = Array.isArray(value) ? value : value ?? undefined;
      }
      route.labels.forEach((label, i) => (input[label] = decodeURIComponent(match[i + 1])));
      return { operation: route.operation, input };
    }
    throw new AwsApiError('UnknownOperationException', `No simulated route for ${request.method} ${request.path}`, 404);
  }

  encodeResult(_operation: string, output: unknown, requestId: string) {
    return textResponse(200, 'application/json', toJsonWire(markDates(output)), { 'x-amzn-requestid': requestId });
  }

  encodeError(error: AwsApiError, requestId: string) {
    return textResponse(error.httpStatus, 'application/json', JSON.stringify({ message: error.message }), {
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    });
  }
}
