#!/usr/bin/env bash
# The Kubernetes protection agent: the chart archive of the pinned version, checked against its pinned SHA-256,
# installed with a values file that only the build user can read and that is deleted straight after.
# The agent needs the customer ID (CID), read from the Falcon API with the same credential.
source "$(dirname "$0")/common.sh"
require KPA_CHART_VERSION KPA_CHART_SHA256 FALCON_API_BASE_URL FALCON_CLOUD CLUSTER_ARN
require FALCON_CLIENT_ID FALCON_CLIENT_SECRET FALCON_DOCKER_API_TOKEN

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# Chart archive from CrowdStrike's Helm repository, at the pinned version only.
helm repo add crowdstrike https://crowdstrike.github.io/falcon-helm --force-update >/dev/null
helm pull crowdstrike/cs-k8s-protection-agent --version "${KPA_CHART_VERSION}" --destination "${work}"
chart="${work}/cs-k8s-protection-agent-${KPA_CHART_VERSION}.tgz"
echo "${KPA_CHART_SHA256}  ${chart}" | sha256sum --check --quiet - || fail "checksum mismatch for the protection agent chart"

# OAuth2 token and CID. The form is read from a file, so the secret is never a process argument.
printf 'client_id=%s&client_secret=%s' "${FALCON_CLIENT_ID}" "${FALCON_CLIENT_SECRET}" >"${work}/token-form"
token="$(curl --fail --silent --show-error --proto '=https' --data-binary "@${work}/token-form" \
  "${FALCON_API_BASE_URL}/oauth2/token" | jq -r .access_token)"
rm -f "${work}/token-form"
[[ -n "${token}" && "${token}" != "null" ]] || fail "the Falcon API refused the credential (check the hub secret and its scopes)"
printf 'header = "Authorization: Bearer %s"\n' "${token}" >"${work}/auth.curlrc"
cid="$(curl --fail --silent --show-error --proto '=https' --config "${work}/auth.curlrc" \
  "${FALCON_API_BASE_URL}/sensors/queries/installers/ccid/v1" | jq -r '.resources[0]')"
rm -f "${work}/auth.curlrc"
[[ "${cid}" =~ ^[0-9A-Fa-f]{32}(-[0-9A-Fa-f]{2})?$ ]] || fail "the Falcon API returned no customer ID"
cid="$(printf '%s' "${cid%%-*}" | tr '[:upper:]' '[:lower:]')"

image_values=""
if [[ "${REGISTRY}" == "ecr" ]]; then
  require KPA_IMAGE
  [[ "${KPA_IMAGE}" != *@* ]] || fail "the chart takes a repository and a tag: give protectionAgentImage by tag"
  image_values="image:
  repository: ${KPA_IMAGE%:*}
  tag: ${KPA_IMAGE##*:}"
fi
cat >"${work}/values.yaml" <<YAML
${image_values}
crowdstrikeConfig:
  clusterName: ${CLUSTER_ARN}
  env: ${FALCON_CLOUD}
  cid: ${cid}
  clientID: ${FALCON_CLIENT_ID}
  clientSecret: ${FALCON_CLIENT_SECRET}
  dockerAPIToken: ${FALCON_DOCKER_API_TOKEN}
YAML
helm upgrade --install kpagent "${chart}" --namespace falcon-kubernetes-protection --create-namespace \
  --values "${work}/values.yaml" --wait --timeout 10m >/dev/null
rm -f "${work}/values.yaml"
log "protection agent installed (chart ${KPA_CHART_VERSION})"
