import type { HttpRequest } from '@smithy/protocol-http';
import { headerValue } from '../protocols/codec';

export interface SigningScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL_PATTERN = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads `AWS4-HMAC-SHA256 Credential=<akid>/<date>/<region>/<service>/aws4_request, ...`. */
export function readSigningScope(request: HttpRequest): SigningScope | undefined {
  const authorization = headerValue(request, 'authorization');
  if (!authorization) return undefined;
  const match = CREDENTIAL_PATTERN.exec(authorization);
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[3], service: match[4] };
}
