import type { HttpRequest } from '@smithy/protocol-http';
import type { AwsApiError } from '../core/errors';
import { AwsApiError as ApiError } from '../core/errors';
import { bodyText, headerValue, markDates, textResponse, toJsonWire, type DecodedRequest, type ProtocolCodec } from './codec';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** awsJson1_1: POST / with `X-Amz-Target: <ServicePrefix>.<Operation>` and a JSON body (Service Catalog, Organizations, CodeBuild). */
export class AwsJsonCodec implements ProtocolCodec {
  constructor(private readonly targetPrefix: string) {}

  decode(request: HttpRequest): DecodedRequest {
    const target = headerValue(request, 'x-amz-target');
    if (!target || !target.startsWith(`${this.targetPrefix}.`)) {
      throw new ApiError('UnknownOperationException', `Missing or foreign X-Amz-Target header: ${target ?? '(none)'}`);
    }
    const text = bodyText(request);
    let input: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new ApiError('SerializationException', 'Request body is not valid JSON');
      }
    }
    return { operation: target.slice(this.targetPrefix.length + 1), input };
  }

  encodeResult(_operation: string, output: unknown, requestId: string) {
    return textResponse(200, CONTENT_TYPE, toJsonWire(markDates(output)), { 'x-amzn-requestid': requestId });
  }

  encodeError(error: AwsApiError, requestId: string) {
    const body = JSON.stringify({ __type: error.code, message: error.message });
    return textResponse(error.httpStatus, CONTENT_TYPE, body, { 'x-amzn-requestid': requestId });
  }
}
