import { AwsApiError } from './errors';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageOptions {
  /** Operation (plus filter) the token belongs to. */
  scope: string;
  defaultSize: number;
  maxSize: number;
  /** The service's invalid-input error code (InvalidInputException, InvalidParametersException, ...). */
  errorCode: string;
}

/**
 * Offset pagination with opaque tokens, enough for the SDK paginators to walk real pages. The token encodes
 * the offset and the operation it belongs to, so a token passed to the wrong operation is rejected.
 */
export function paginate<T>(
  items: readonly T[],
  token: unknown,
  maxResults: unknown,
  options: PageOptions,
): Page<T> {
  const size = maxResults === undefined || maxResults === null ? options.defaultSize : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > options.maxSize) {
    throw new AwsApiError(
      options.errorCode,
      `MaxResults must be an integer between 1 and ${options.maxSize}, got ${String(maxResults)}`,
    );
  }
  const start = token === undefined || token === null || token === '' ? 0 : decodeToken(String(token), options);
  const page = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { items: page, nextToken: encodeToken(options.scope, next) } : { items: page };
}

function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64');
}

function decodeToken(token: string, options: PageOptions): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; o?: unknown };
    if (parsed.s === options.scope && typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new AwsApiError(options.errorCode, `The pagination token '${token}' is not valid.`);
}


/** The items in an order of `random`'s choosing (Fisher-Yates), the input left unchanged. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
