import type { HttpRequest } from '@smithy/protocol-http';
import { AwsApiError } from '../core/errors';
import { bodyText, textResponse, type DecodedRequest, type ProtocolCodec } from './codec';

/**
 * awsQuery (STS): form-encoded request `Action=...&Version=...&Param=...`, XML response
 * `<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>`, errors as `<ErrorResponse>`.
 * Input stays flat (`Tags.member.1.Key` is one key): the STS operations modelled take scalars only.
 */
export class AwsQueryCodec implements ProtocolCodec {
  constructor(private readonly xmlNamespace: string) {}

  decode(request: HttpRequest): DecodedRequest {
    const form = new URLSearchParams(bodyText(request));
    const operation = form.get('Action');
    if (!operation) throw new AwsApiError('MissingAction', 'The request must contain the parameter Action.');
    const input: Record<string, unknown> = {};
    for (const [key, value] of form) if (key !== 'Action' && key !== 'Version') input[key] = value;
    return { operation, input };
  }

  encodeResult(operation: string, output: unknown, requestId: string) {
    const xml =
      `<${operation}Response xmlns="${this.xmlNamespace}">` +
      `<${operation}Result>${toXml(output)}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${operation}Response>`;
    return textResponse(200, 'text/xml', xml, { 'x-amzn-requestid': requestId });
  }

  encodeError(error: AwsApiError, requestId: string) {
    const type = error.httpStatus >= 500 ? 'Receiver' : 'Sender';
    const xml =
      `<ErrorResponse xmlns="${this.xmlNamespace}"><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return textResponse(error.httpStatus, 'text/xml', xml, { 'x-amzn-requestid': requestId });
  }
}

function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
