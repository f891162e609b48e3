/**
 * A fake Falcon API on 127.0.0.1 (ephemeral port) for tests: OAuth2 client-credentials tokens with expiry,
 * per-client scopes (403 when one is missing), the registration and container-registry endpoints with Falcon's
 * envelopes and status codes, injectable 429 bursts (with Falcon's rate-limit headers) and 5xx answers, and a
 * log of every request for assertions (the client secret is never logged).
 */
import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeResponse, failure } from './envelope';
import { RegistrationState, registrationRoute } from './registration-routes';
import { Registry, registryRoute } from './registry-routes';

export interface FakeClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Falcon scope IDs such as `cspm-registration:read`. */
  scopes: string[];
}

export const ALL_SCOPES = [
  'cspm-registration:read',
  'cspm-registration:write',
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
}

interface Fault {
  readonly response: FakeResponse;
  readonly match?: RegExp;
  /** Only requests with this HTTP method (any when absent). */
  readonly method?: string;
  remaining: number;
}

const ROUTE_SCOPES: readonly [RegExp, string][] = [
  [/^\/cloud-connect-cspm-aws\//, 'cspm-registration'],
  [/^\/cloud-security-registration-aws\//, 'cloud-aws-registration'],
  [/^\/container-security\/(entities|queries)\/registries\//, 'falcon-container-image'],
];

export class FakeFalconServer {
  readonly requests: LoggedRequest[] = [];
  readonly registration: RegistrationState = { cspm: new Map(), cloudAws: new Map(), eventBusName: 'cs-horizon-org-event-bus' };
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
    const body = isToken ? { client_id: form!.get('client_id') } : parseJson(raw);
    const clientId = isToken ? (form!.get('client_id') ?? undefined) : this.tokenClient(req)?.clientId;

    const response = this.injectedFault(url.pathname, method) ?? (isToken ? this.issueToken(method, form!) : this.api(req, method, url, body));
    this.requests.push({ method, path: url.pathname, query: url.searchParams, status: response.status, clientId, body });
    res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify(response.body));
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
    const family = ROUTE_SCOPES.find(([pattern]) => pattern.test(url.pathname))?.[1];
    if (!family) return failure(404, `no route ${method} ${url.pathname}`);
    const scope = `${family}:${method === 'GET' ? 'read' : 'write'}`;
    if (!client.scopes.includes(scope)) return failure(403, 'access denied, authorization failed');
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
