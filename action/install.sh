#!/usr/bin/env bash
# Installs the released skewlint binary of this action's own version, when one
# is published, so the action needs no build. Used by action.yml; runs on its
# own too.
#
# The version is the one in the action's CMakeLists.txt. Releases are
# published from their tag, and the version is raised right after, so the
# action at a release tag finds its archive and the action at a development
# commit finds none and builds.
#
# Environment:
#   GITHUB_ACTION_PATH    the action's checkout (default: this script's repo)
#   SKEWLINT_RELEASE_URL  where releases live; the archive is
#                         $SKEWLINT_RELEASE_URL/v<version>/skewlint-<version>-linux-amd64.tar.gz
#                         (default: https://github.com/skewlint/skewlint/releases/download)
#   SKEWLINT_INSTALL_DIR  where to unpack (default: $RUNNER_TOOL_CACHE/skewlint/release-<version>)
#   GITHUB_OUTPUT         receives installed=true|false and bin=<path>
#
# Exit 0 with installed=false when there is no archive for this version or
# this platform (the action then builds); exit 1 when an archive exists but
# does not match its published SHA-256, or does not run.
set -euo pipefail

here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
output="${GITHUB_OUTPUT:-/dev/null}"
base_url="${SKEWLINT_RELEASE_URL:-https://github.com/skewlint/skewlint/releases/download}"

not_installed() {
  echo "skewlint: $1; building from source instead"
  echo "installed=false" >>"$output"
  exit 0
}

version="$(sed -nE 's/^project\(skewlint VERSION ([0-9][0-9.]*).*/\1/p' "$here/CMakeLists.txt")"
[[ -n "$version" ]] || not_installed "no version in $here/CMakeLists.txt"
if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  not_installed "no release archive for $(uname -s) $(uname -m)"
fi
command -v curl >/dev/null 2>&1 || not_installed "curl is missing"

name="skewlint-${version}-linux-amd64"
url="${base_url%/}/v${version}/${name}.tar.gz"
dest="${SKEWLINT_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${HOME}/.cache}/skewlint/release-${version}}"
download="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/skewlint-release-XXXXXX")"
trap 'rm -rf "$download"' EXIT

# Prints the HTTP status; the body goes to $2.
fetch() {
  local code
  code="$(curl --silent --show-error --location --retry 2 --connect-timeout 10 \
    --output "$2" --write-out '%{http_code}' "$1")" || true
  echo "${code:-000}"
}

status="$(fetch "$url.sha256" "$download/$name.tar.gz.sha256")"
case "$status" in
  200) ;;
  404) not_installed "no release archive published for skewlint $version ($url)" ;;
  *) not_installed "could not read $url.sha256 (HTTP $status)" ;;
esac
status="$(fetch "$url" "$download/$name.tar.gz")"
[[ "$status" == 200 ]] || not_installed "could not download $url (HTTP $status)"

expected="$(awk 'NR == 1 { print $1 }' "$download/$name.tar.gz.sha256")"
actual="$(sha256sum "$download/$name.tar.gz" | awk '{ print $1 }')"
if [[ ! "$expected" =~ ^[0-9a-f]{64}$ || "$expected" != "$actual" ]]; then
  echo "::error title=skewlint install::$name.tar.gz does not match its published SHA-256 (expected ${expected:-nothing}, got $actual); refusing to run it"
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$download/$name.tar.gz" -C "$dest" --strip-components=1
bin="$dest/bin/skewlint"
if ! "$bin" --version; then
  echo "::error title=skewlint install::the released binary $bin does not run on this runner"
  exit 1
fi
echo "installed=true" >>"$output"
echo "bin=$bin" >>"$output"
