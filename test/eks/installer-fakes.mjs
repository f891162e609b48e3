// Stand-ins for the tools the EKS installer scripts call (curl, kubectl, aws, helm), so the real scripts run here
// without a network, AWS or a cluster. Each records what it received in $FAKE_LOG (JSON lines); curl answers as
// the Falcon API and CrowdStrike's registry answer (the paths and shapes in falcon-api.sh), kubectl renders the
// client-side `create --dry-run=client -o yaml` objects the scripts pipe into `apply`.
// Usage: node installer-fakes.mjs <tool> [args...]
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [tool, ...args] = process.argv.slice(2);
const env = process.env;
const record = (entry) => appendFileSync(env.FAKE_LOG, `${JSON.stringify({ tool, ...entry })}\n`);
const stdin = () => {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};
const fail = (code, message) => {
  if (message) process.stderr.write(`${message}\n`);
  process.exit(code);
};
const digestOf = (text) => createHash('sha256').update(text).digest('hex');

function curl() {
  const configs = [];
  const form = {};
  let url;
  let head = false;
  let output;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config') configs.push(readFileSync(args[++i], 'utf8'));
    else if (a === '--data-urlencode') {
      const [name, file] = args[++i].split('@');
      form[name] = readFileSync(file, 'utf8');
    } else if (a === '--head') head = true;
    else if (a === '--output') output = args[++i];
    else if (a === '--header' || a === '--proto' || a === '--retry') i++;
    else if (/^https?:\/\//.test(a)) url = a;
  }
  const config = configs.join('');
  const header = /header = "Authorization: Bearer ([^"]+)"/.exec(config)?.[1];
  const user = /user = "([^"]+)"/.exec(config)?.[1];
  record({ url, head, config, form, argv: args });
  const u = new URL(url);
  const json = (value) => process.stdout.write(JSON.stringify(value));
  const clients = JSON.parse(env.FAKE_FALCON_CLIENTS);
  if (u.pathname === '/oauth2/token') {
    if (!clients.some((c) => c.client_id === form.client_id && c.client_secret === form.client_secret)) fail(22, 'HTTP 401');
    return json({ access_token: `api-token-for-${form.client_id}` });
  }
  if (u.hostname.startsWith('api.')) {
    if (!header?.startsWith('api-token-for-')) fail(22, 'HTTP 401');
    if (u.pathname === '/sensors/queries/installers/ccid/v1') return json({ resources: [env.FAKE_CID] });
    if (u.pathname === '/container-security/entities/image-registry-credentials/v1') return json({ resources: [{ token: env.FAKE_PULL_TOKEN }] });
    fail(22, `HTTP 404 ${u.pathname}`);
  }
  if (u.hostname === env.FALCON_REGISTRY) {
    const login = `fc-${env.FAKE_CID.split('-')[0].toLowerCase()}`;
    if (u.pathname === '/v2/token') {
      if (user !== `${login}:${env.FAKE_PULL_TOKEN}` || u.searchParams.get('account') !== login) fail(22, 'HTTP 401');
      return json({ token: `bearer-${u.searchParams.get('scope')}` });
    }
    const repository = /^\/v2\/(.+)\/(tags\/list|manifests\/.+)$/.exec(u.pathname);
    if (!repository || header !== `bearer-repository:${repository[1]}:pull`) fail(22, 'HTTP 401');
    if (repository[2] === 'tags/list') return json({ name: repository[1], tags: JSON.parse(env.FAKE_TAGS) });
    const tag = repository[2].slice('manifests/'.length);
    if (!head) fail(22, 'HTTP 405');
    return process.stdout.write(`HTTP/2 200\r\nDocker-Content-Digest: sha256:${digestOf(`${repository[1]}:${tag}`)}\r\n\r\n`);
  }
  if (u.hostname === 'github.com' && output) return writeFileSync(output, env.FAKE_OPERATOR_MANIFEST);
  fail(22, `HTTP 404 ${url}`);
}

/** `kubectl create ... --dry-run=client -o yaml`, as JSON (valid YAML), for the objects the scripts create. */
function renderCreated(rest, namespace) {
  const [kind, ...more] = rest;
  if (kind === 'namespace') return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: more[0] } };
  if (kind !== 'secret' || more[0] !== 'generic') fail(1, `fake kubectl cannot create ${rest.join(' ')}`);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: more[1], namespace }, type: 'Opaque', data: {} };
  for (const a of more.slice(2)) {
    const [flag, value] = a.split(/=(.*)/s);
    if (flag === '--type') secret.type = value;
    else if (flag === '--from-file') {
      const [key, file] = value.split(/=(.*)/s);
      secret.data[key] = readFileSync(file).toString('base64');
    } else if (flag === '--from-env-file') {
      for (const line of readFileSync(value, 'utf8').split('\n').filter(Boolean)) {
        const [key, v] = line.split(/=(.*)/s);
        secret.data[key] = Buffer.from(v).toString('base64');
      }
    }
  }
  return secret;
}

function kubectl() {
  let namespace = 'default';
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-n') namespace = args[++i];
    else rest.push(args[i]);
  }
  const [verb] = rest;
  if (verb === 'create') {
    const objectArgs = rest.slice(1).filter((a) => a !== '--dry-run=client' && a !== '-o' && a !== 'yaml');
    if (!rest.includes('--dry-run=client')) fail(1, 'the fake only renders client-side dry runs');
    return process.stdout.write(JSON.stringify(renderCreated(objectArgs, namespace)));
  }
  if (verb === 'apply') {
    const file = rest[rest.indexOf('-f') + 1];
    const content = file === '-' ? stdin() : readFileSync(file, 'utf8');
    record({ verb, namespace, content, argv: args });
    return;
  }
  record({ verb, namespace, argv: args });
  if (verb === 'version') return process.stdout.write('{"clientVersion":{"gitVersion":"v0-fake"}}');
}

function aws() {
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--region') i++;
    else rest.push(args[i]);
  }
  const [service, command] = rest;
  record({ service, command, argv: rest, credentials: env.AWS_ACCESS_KEY_ID ?? null });
  if (service === 'sts' && command === 'assume-role') return process.stdout.write('ASIAFAKE\tfake-secret\tfake-token\n');
  if (service !== 'eks') fail(1, `fake aws: ${service} ${command}`);
  const state = JSON.parse(env.FAKE_EKS);
  if (command === 'describe-access-entry') fail(254, 'ResourceNotFoundException');
  if (command === 'list-fargate-profiles') return process.stdout.write(`${state.fargateProfiles.join('\t')}\n`);
  if (command === 'describe-fargate-profile') return process.stdout.write(`${state.subnets.join('\t')}\n`);
}

function helm() {
  const values = args.includes('--values') ? readFileSync(args[args.indexOf('--values') + 1], 'utf8') : undefined;
  record({ argv: args, values });
  if (args[0] === 'pull') {
    const destination = args[args.indexOf('--destination') + 1];
    const version = args[args.indexOf('--version') + 1];
    writeFileSync(`${destination}/cs-k8s-protection-agent-${version}.tgz`, env.FAKE_CHART);
  }
}

({ curl, kubectl, aws, helm })[tool]();
