#!/usr/bin/env bash
# The Kubernetes protection agent, only when eks.kubernetesProtectionAgent is true. CrowdStrike ended its support
# on 18 August 2025 and moved cluster visibility to the admission controller 7.20 and newer (CrowdStrike/falcon-helm
# DEPRECATION.md); it is off by default. Its chart takes an API client and the registry pull token in its values
# (crowdstrikeConfig), so enabling it puts the installer client (never the organisation's) into the cluster.
#
# Run by install-falcon.sh with CID and WORK (its private directory, holding the pull token) in the environment.
# The chart archive of the pinned version is checked against the digest of CrowdStrike's chart index; the values
# file is readable by the build user alone and deleted straight after.
source "$(dirname "$0")/common.sh"
require KPA_CHART_VERSION KPA_CHART_SHA256 FALCON_CLOUD CLUSTER_ARN CID WORK REGISTRY
require FALCON_CLIENT_ID FALCON_CLIENT_SECRET

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# Chart archive from CrowdStrike's Helm repository, at the pinned version only.
helm repo add crowdstrike https://crowdstrike.github.io/falcon-helm --force-update >/dev/null
helm pull crowdstrike/cs-k8s-protection-agent --version "${KPA_CHART_VERSION}" --destination "${work}"
chart="${work}/cs-k8s-protection-agent-${KPA_CHART_VERSION}.tgz"
echo "${KPA_CHART_SHA256}  ${chart}" | sha256sum --check --quiet - || fail "checksum mismatch for the protection agent chart"

image_values=""
if [[ "${REGISTRY}" == "ecr" ]]; then
  require KPA_IMAGE
  [[ "${KPA_IMAGE}" != *@* ]] || fail "the chart takes a repository and a tag: give protectionAgentImage by tag"
  image_values="image:
  repository: ${KPA_IMAGE%:*}
  tag: ${KPA_IMAGE##*:}"
fi
# The chart wants the CID in lower case, without its checksum.
cid="$(printf '%s' "${CID%%-*}" | tr '[:upper:]' '[:lower:]')"
pull_token=""
[[ ! -s "${WORK}/pull-token" ]] || pull_token="$(cat "${WORK}/pull-token")"
cat >"${work}/values.yaml" <<YAML
${image_values}
crowdstrikeConfig:
  clusterName: ${CLUSTER_ARN}
  env: ${FALCON_CLOUD}
  cid: ${cid}
  clientID: ${FALCON_CLIENT_ID}
  clientSecret: ${FALCON_CLIENT_SECRET}
  dockerAPIToken: ${pull_token}
YAML
helm upgrade --install kpagent "${chart}" --namespace falcon-kubernetes-protection --create-namespace \
  --values "${work}/values.yaml" --wait --timeout 10m >/dev/null
rm -f "${work}/values.yaml"
log "protection agent installed (chart ${KPA_CHART_VERSION}, past end of support)"
