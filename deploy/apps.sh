# Shared by build-images.sh and push-images.sh (sourced, not run).

# Prints "<app> <port>" for every app in deploy/apps.txt, or only those named in $APPS.
selected_apps() {
  local root=$1 app port wanted a
  for a in ${APPS:-}; do
    grep -Eq "^$a[[:space:]]" "$root/deploy/apps.txt" || { echo "unknown app in APPS: $a" >&2; return 1; }
  done
  while read -r app port; do
    [[ -z $app || $app == \#* ]] && continue
    if [[ -n ${APPS:-} ]]; then
      wanted=0
      for a in $APPS; do [[ $a == "$app" ]] && wanted=1; done
      [[ $wanted -eq 1 ]] || continue
    fi
    echo "$app $port"
  done < "$root/deploy/apps.txt"
}

# image_name <registry> <app> <tag>: eshop/<app>:<tag>, prefixed by the registry when given.
image_name() {
  local registry=${1%/}
  echo "${registry:+$registry/}eshop/$2:$3"
}
