#!/usr/bin/env bash
# Builds one image per app from deploy/Dockerfile:  deploy/build-images.sh <tag> [registry]
#   deploy/build-images.sh dev                  -> eshop/<app>:dev
#   deploy/build-images.sh 1.4.0 ghcr.io/acme   -> ghcr.io/acme/eshop/<app>:1.4.0
# APPS="catalog-api basket-api" limits the build to those apps. An app listed in
# deploy/apps.txt whose sources do not exist yet is skipped with a message.
set -euo pipefail

usage() { echo "usage: $0 <tag> [registry]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && -n $1 ]] || usage
tag=$1
registry=${2:-${REGISTRY:-}}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/apps.sh
source "$root/deploy/apps.sh"

built=0
while read -r app port; do
  if [[ ! -f $root/apps/$app/src/main.ts ]]; then
    echo "skip $app: apps/$app/src/main.ts does not exist" >&2
    continue
  fi
  image=$(image_name "$registry" "$app" "$tag")
  echo "building $image"
  docker build \
    --file "$root/deploy/Dockerfile" \
    --build-arg "APP=$app" \
    --build-arg "PORT=$port" \
    --label "org.opencontainers.image.title=$app" \
    --label "org.opencontainers.image.version=$tag" \
    --tag "$image" \
    "$root"
  built=$((built + 1))
done < <(selected_apps "$root")

if [[ $built -eq 0 ]]; then
  echo "no image built" >&2
  exit 1
fi
echo "built $built image(s) tagged $tag"
