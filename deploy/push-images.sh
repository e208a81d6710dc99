#!/usr/bin/env bash
# Pushes the images build-images.sh made:  deploy/push-images.sh <tag> <registry>
# (or REGISTRY=<registry> deploy/push-images.sh <tag>). Log in to the registry first.
# APPS="catalog-api basket-api" limits the push to those apps.
set -euo pipefail

usage() { echo "usage: $0 <tag> <registry>" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && -n $1 ]] || usage
tag=$1
registry=${2:-${REGISTRY:-}}
# Pushing without a registry would go to Docker Hub's `eshop` namespace, which is not ours.
[[ -n $registry ]] || usage
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/apps.sh
source "$root/deploy/apps.sh"

pushed=0
while read -r app _port; do
  if [[ ! -f $root/apps/$app/src/main.ts ]]; then
    echo "skip $app: apps/$app/src/main.ts does not exist" >&2
    continue
  fi
  image=$(image_name "$registry" "$app" "$tag")
  echo "pushing $image"
  docker push "$image"
  pushed=$((pushed + 1))
done < <(selected_apps "$root")

if [[ $pushed -eq 0 ]]; then
  echo "no image pushed" >&2
  exit 1
fi
echo "pushed $pushed image(s) tagged $tag to $registry"
