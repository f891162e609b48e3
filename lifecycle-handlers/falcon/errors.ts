/**
 * Errors of the Falcon client, each with a message an operator can act on. None carries a credential, a token or
 * a request body: messages reach CloudFormation events and logs.
 */

export class FalconError extends Error {
  constructor(
    message: string,
    /** HTTP status of the last response, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The token endpoint refused the client ID / secret pair. */
export class FalconCredentialsError extends FalconError {}

/** The API client lacks the scope an operation needs. */
export class FalconScopeError extends FalconError {
  constructor(
    readonly operation: string,
    readonly scope: string,
  ) {
    super(
      `Falcon API denied ${operation} (HTTP 403): the API client needs the "${scope}" scope. ` +
        'Add it to the client in the Falcon console (Support and resources > API clients and keys).',
      403,
    );
  }
}

/** Still throttled (429) or failing (5xx / network) after the bounded retries. */
export class FalconUnavailableError extends FalconError {}

/** Any other non-2xx answer, with Falcon's own error messages. */
export class FalconRequestError extends FalconError {}

interface FalconErrorBody {
  errors?: { code?: number; message?: string }[] | null;
}

/** Falcon's `errors[].message` texts from a response body, or the HTTP status text when the body has none. */
export async function falconErrorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as FalconErrorBody;
    const messages = (body.errors ?? []).map((e) => e.message).filter((m): m is string => Boolean(m));
    if (messages.length > 0) return messages.join('; ');
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
