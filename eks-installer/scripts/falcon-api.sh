#!/usr/bin/env bash
# The installer's Falcon calls, in the hub build only: sourced by install-falcon.sh, never run. Everything here
# uses the installer's own client (its ID and secret from eks.apiCredentials: Falcon Images Download and
# Sensor Download, read) and keeps every credential in files under ${work} (umask 077), never on a command line.
#
# Endpoints and registry paths as CrowdStrike's own tooling uses them (CrowdStrike/falcon-scripts
# falcon-container-sensor-pull.sh; CrowdStrike/falcon-operator pkg/falcon_api, pkg/registry/falcon_registry):
#   POST /oauth2/token; GET /sensors/queries/installers/ccid/v1 (the CID);
#   GET /container-security/entities/image-registry-credentials/v1 (the registry pull token);
#   registry: GET /v2/token?account=fc-<cid>&scope=repository:<repo>:pull&service=<registry> with the pull token,
#   then /v2/<repo>/tags/list and the manifest's digest (Docker-Content-Digest) with that bearer token.

falcon_curl() {
  curl --fail --silent --show-error --proto '=https' --tlsv1.2 --retry 3 "$@"
}

# OAuth2 token of the installer client → ${work}/api.curlrc (an Authorization header, for --config).
falcon_login() {
  require FALCON_CLIENT_ID FALCON_CLIENT_SECRET FALCON_API_BASE_URL
  printf '%s' "${FALCON_CLIENT_ID}" >"${work}/client-id"
  printf '%s' "${FALCON_CLIENT_SECRET}" >"${work}/client-secret"
  local token
  token="$(falcon_curl --data-urlencode "client_id@${work}/client-id" --data-urlencode "client_secret@${work}/client-secret" \
    "${FALCON_API_BASE_URL}/oauth2/token" | jq -r '.access_token // empty')" || true
  rm -f "${work}/client-id" "${work}/client-secret"
  [[ -n "${token}" ]] || fail "the Falcon API refused the installer client (eks.apiCredentials: check its ID, secret and Falcon cloud)"
  printf 'header = "Authorization: Bearer %s"\n' "${token}" >"${work}/api.curlrc"
}

# The customer ID with its checksum (e.g. 0123...CDEF-AB): needs Sensor Download (read).
falcon_cid() {
  local cid
  cid="$(falcon_curl --config "${work}/api.curlrc" "${FALCON_API_BASE_URL}/sensors/queries/installers/ccid/v1" |
    jq -r '.resources[0] // empty')" || true
  [[ "${cid}" =~ ^[0-9A-Fa-f]{32}-[0-9A-Fa-f]{2}$ ]] ||
    fail "the Falcon API returned no customer ID: the installer client needs Sensor Download (read)"
  printf '%s' "${cid}"
}

# The registry pull token → ${work}/pull-token, and the registry login fc-<cid, lower case, no checksum> →
# ${work}/registry-user.curlrc. Needs Falcon Images Download (read).
falcon_pull_token() {
  local cid="$1" login
  falcon_curl --config "${work}/api.curlrc" "${FALCON_API_BASE_URL}/container-security/entities/image-registry-credentials/v1" |
    jq -j '.resources[0].token // empty' >"${work}/pull-token" || true
  [[ -s "${work}/pull-token" ]] ||
    fail "the Falcon API returned no registry pull token: the installer client needs Falcon Images Download (read)"
  login="fc-$(printf '%s' "${cid%%-*}" | tr '[:upper:]' '[:lower:]')"
  printf '%s' "${login}" >"${work}/registry-login"
  printf 'user = "%s:%s"\n' "${login}" "$(cat "${work}/pull-token")" >"${work}/registry-user.curlrc"
}

# A Kubernetes image pull secret for the registry, as a manifest file: ${work}/pull-secret-<namespace>.yaml.
falcon_pull_secret() {
  local namespace="$1" name="$2"
  jq -cn --arg registry "${FALCON_REGISTRY}" --rawfile login "${work}/registry-login" --rawfile token "${work}/pull-token" \
    '{auths: {($registry): {auth: (($login + ":" + $token) | @base64)}}}' >"${work}/dockerconfig.json"
  kubectl -n "${namespace}" create secret generic "${name}" --type=kubernetes.io/dockerconfigjson \
    --from-file=.dockerconfigjson="${work}/dockerconfig.json" --dry-run=client -o yaml >"${work}/pull-secret-${namespace}.yaml"
  rm -f "${work}/dockerconfig.json"
}

# The newest image of a CrowdStrike repository (whose tag starts with SENSOR_VERSION, when set), by digest:
# prints <registry>/<repository>@sha256:<digest>, so the cluster runs exactly the image this build chose.
falcon_image() {
  local repository="$1" bearer tag digest
  bearer="$(falcon_curl --config "${work}/registry-user.curlrc" \
    "https://${FALCON_REGISTRY}/v2/token?account=$(cat "${work}/registry-login")&scope=repository:${repository}:pull&service=${FALCON_REGISTRY}" |
    jq -r '.token // empty')" || true
  [[ -n "${bearer}" ]] || fail "the registry ${FALCON_REGISTRY} refused the pull token for ${repository}"
  printf 'header = "Authorization: Bearer %s"\n' "${bearer}" >"${work}/registry-bearer.curlrc"
  local wanted='^[0-9]'
  [[ -z "${SENSOR_VERSION:-}" ]] || wanted="^${SENSOR_VERSION//./\\.}([.-]|$)"
  tag="$(falcon_curl --config "${work}/registry-bearer.curlrc" "https://${FALCON_REGISTRY}/v2/${repository}/tags/list" |
    jq -r '.tags[]?' | grep -E "${wanted}" | sort -V | tail -n 1)" || true
  [[ -n "${tag}" ]] || fail "no image of ${repository} matches sensor version '${SENSOR_VERSION:-any}'"
  digest="$(falcon_curl --config "${work}/registry-bearer.curlrc" --head \
    --header 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "https://${FALCON_REGISTRY}/v2/${repository}/manifests/${tag}" | tr -d '\r' |
    awk 'tolower($1) == "docker-content-digest:" { print $2 }')" || true
  rm -f "${work}/registry-bearer.curlrc"
  [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "the registry gave no digest for ${repository}:${tag}"
  log "${repository}:${tag} is ${digest}" >&2
  printf '%s/%s@%s' "${FALCON_REGISTRY}" "${repository}" "${digest}"
}
