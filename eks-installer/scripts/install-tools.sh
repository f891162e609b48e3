#!/usr/bin/env bash
# Installs the pinned kubectl and Helm, each verified by the SHA-256 in buildspec.yml. No installer script is
# piped to a shell, and nothing is taken from a moving branch or an unversioned link.
source "$(dirname "$0")/common.sh"
require KUBECTL_VERSION KUBECTL_SHA256 HELM_VERSION HELM_SHA256 TOOLS_DIR

mkdir -p "${TOOLS_DIR}"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

fetch_verified "https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/amd64/kubectl" "${KUBECTL_SHA256}" "${work}/kubectl"
install -m 0755 "${work}/kubectl" "${TOOLS_DIR}/kubectl"

fetch_verified "https://get.helm.sh/helm-v${HELM_VERSION}-linux-amd64.tar.gz" "${HELM_SHA256}" "${work}/helm.tar.gz"
tar -xzf "${work}/helm.tar.gz" -C "${work}" linux-amd64/helm
install -m 0755 "${work}/linux-amd64/helm" "${TOOLS_DIR}/helm"

log "kubectl $(kubectl version --client -o json | jq -r .clientVersion.gitVersion), helm $(helm version --short)"
