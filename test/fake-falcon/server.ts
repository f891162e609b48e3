/**
 * A fake Falcon API on 127.0.0.1 (ephemeral port) for tests: OAuth2 client-credentials tokens with expiry,
 * per-client scopes (403 when one is missing), the cloud registration and container-registry endpoints with
 * Falcon's envelopes and status codes, injectable 429 bursts (with Falcon's rate-limit headers) and 5xx answers, and
 * a log of every request for assertions (the client secret is never logged).
 *
 * It cannot drift from the real API: every route must be an operation of the crowdstrike-falcon SDK, which also
 * says which scope it needs, and every exchange is checked against that operation's models (contract.ts). A request
 * that departs from them gets 400, as from the real API; an answer of the fake's own that departs gets 418 with
 * the reason, so the test that reached it fails saying why.
 */
import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatViolations, requestViolations, responseViolations } from './contract';
import { FakeResponse, failure } from './envelope';
import { REGISTRATION_ROUTES, RegistrationState, newRegistrationState, registrationRoute } from './registration-routes';
import { REGISTRY_ROUTES, Registry, registryRoute } from './registry-routes';
import { sdkOperationFor } from './sdk-routes';

export interface FakeClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Falcon scope IDs such as `cloud-aws-registration:read`. */
  scopes: string[];
}

export const ALL_SCOPES = [
  'cloud-aws-registration:read',
  'cloud-aws-registration:write',
  'falcon-container-image:read',
  'falcon-container-image:write',
];

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly status: number;
  readonly clientId?: string;
  /** Parsed JSON body; for the token call only `client_id`. */
  readonly body?: unknown;
  /** Names of the form fields of a form-encoded request (the token call). */
  readonly formFields?: string[];
  /** The parsed JSON answer. */
  readonly answer?: unknown;
}

/** Every route the fake serves, each an operation of the SDK (fake-contract.test.ts). */
export const FAKE_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'POST', path: '/oauth2/token' },
  ...REGISTRATION_ROUTES,
  ...REGISTRY_ROUTES,
];

interface Fault {
  readonly response: FakeResponse;
  readonly match?: RegExp;
  /** Only requests with this HTTP method (any when absent). */
  readonly method?: string;
  remaining: number;
}

export class FakeFalconServer {
  readonly requests: LoggedRequest[] = [];
  readonly registration: RegistrationState = newRegistrationState();
  readonly registries = new Map<string, Registry>();
  private readonly clients = new Map<string, FakeClient>();
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private readonly faults: Fault[] = [];
  private server?: Server;
  baseUrl = '';
  tokenLifetimeSeconds = 1799;

  static async start(clients: FakeClient[]): Promise<FakeFalconServer> {
    const fake = new FakeFalconServer();
    for (const client of clients) fake.clients.set(client.clientId, client);
    await fake.listen();
    return fake;
  }

  client(clientId: string): FakeClient {
    const client = this.clients.get(clientId);
    if (!client) throw new Error(`no fake client ${clientId}`);
    return client;
  }

  /** The next `count` matching requests get 429 with Falcon's rate-limit headers. */
  injectRateLimit(count: number, options: { retryAfterSeconds?: number; match?: RegExp } = {}): void {
    const retryAt = Math.ceil(Date.now() / 1000) + (options.retryAfterSeconds ?? 1);
    this.faults.push({
      remaining: count,
      match: options.match,
      response: {
        ...failure(429, 'API rate limit exceeded.'),
        headers: { 'X-RateLimit-Limit': '6000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-RetryAfter': String(retryAt) },
      },
    });
  }

  /** The next `count` matching requests fail with a server error. */
  injectServerErrors(count: number, options: { status?: number; match?: RegExp; method?: string } = {}): void {
    const status = options.status ?? 503;
    const response = failure(status, 'Service temporarily unavailable');
    this.faults.push({ remaining: count, match: options.match, method: options.method, response });
  }

  /** Drops the faults not yet served. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Every issued token expires now (the next API call with one gets 401). */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  requestsTo(path: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const isToken = url.pathname === '/oauth2/token';
    const form = isToken ? new URLSearchParams(raw) : undefined;
    const formFields = form ? [...new Set(form.keys())] : undefined;
    const body = isToken ? { client_id: form!.get('client_id') } : parseJson(raw);
    const clientId = isToken ? (form!.get('client_id') ?? undefined) : this.tokenClient(req)?.clientId;

    const response =
      this.injectedFault(url.pathname, method) ??
      this.checked(method, url, isToken ? undefined : body, formFields, () =>
        isToken ? this.issueToken(method, form!) : this.api(req, method, url, body),
      );
    this.requests.push({ method, path: url.pathname, query: url.searchParams, status: response.status, clientId, body, formFields, answer: response.body });
    res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify(response.body));
  }

  /** Serves a request after checking it, and checks the answer, against the SDK operation of the route. */
  private checked(
    method: string,
    url: URL,
    body: unknown,
    formFields: string[] | undefined,
    serve: () => FakeResponse,
  ): FakeResponse {
    const op = sdkOperationFor(method, url.pathname);
    if (!op) return failure(404, `no route ${method} ${url.pathname}`);
    const badRequest = requestViolations(op, url.searchParams, body, formFields);
    if (badRequest.length > 0) return failure(400, `request does not match ${op.operation}: ${formatViolations(badRequest)}`);
    const response = serve();
    const badAnswer = responseViolations(op, response.status, response.body);
    if (badAnswer.length > 0) {
      return failure(418, `fake Falcon answer departs from the SDK model of ${op.operation}: ${formatViolations(badAnswer)}`);
    }
    return response;
  }

  private injectedFault(path: string, method: string): FakeResponse | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.match || f.match.test(path)) && (!f.method || f.method === method),
    );
    if (!fault) return undefined;
    fault.remaining--;
    return fault.response;
  }

  private issueToken(method: string, form: URLSearchParams): FakeResponse {
    if (method !== 'POST') return failure(405, 'method not allowed');
    const client = this.clients.get(form.get('client_id') ?? '');
    if (!client || client.clientSecret !== form.get('client_secret')) return failure(401, 'access denied, invalid client');
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId: client.clientId, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    return { status: 201, body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds } };
  }

  private tokenClient(req: IncomingMessage): FakeClient | undefined {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) return undefined;
    return this.clients.get(issued.clientId);
  }

  private api(req: IncomingMessage, method: string, url: URL, body: unknown): FakeResponse {
    const client = this.tokenClient(req);
    if (!client) return failure(401, 'access denied, authorization failed');
    // The scope each operation needs, as the SDK declares it.
    const scopes = sdkOperationFor(method, url.pathname)?.scopes ?? [];
    if (!scopes.every((scope) => client.scopes.includes(scope))) return failure(403, 'access denied, authorization failed');
    return (
      registrationRoute(this.registration, method, url.pathname, url.searchParams, body) ??
      registryRoute(this.registries, method, url.pathname, url.searchParams, body) ??
      failure(405, `method ${method} not allowed on ${url.pathname}`)
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
