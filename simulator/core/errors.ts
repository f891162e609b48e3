/**
 * An AWS API error as the service would put it on the wire. Each protocol codec turns it into that protocol's
 * real error shape (awsJson `__type`, awsQuery `<ErrorResponse>`, restJson `x-amzn-errortype`), so the real SDK
 * deserializer raises the named exception class.
 */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = defaultStatusFor(code),
  ) {
    super(message);
    this.name = code;
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  InvalidClientTokenId: 403,
  ResourceNotFoundException: 404,
  InternalFailure: 500,
  InternalServerError: 500,
  ServerException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
};

function defaultStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** Shorthands for the errors the simulated services raise most. */
export const notFound = (message: string): AwsApiError => new AwsApiError('ResourceNotFoundException', message, 400);
export const invalidParameters = (message: string): AwsApiError =>
  new AwsApiError('InvalidParametersException', message);
export const invalidState = (message: string): AwsApiError => new AwsApiError('InvalidStateException', message);
export const duplicateResource = (message: string): AwsApiError =>
  new AwsApiError('DuplicateResourceException', message);
