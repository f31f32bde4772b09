#!/usr/bin/env bash
# Prints the path of a Pulumi CLI that can run this project, building one from Go modules when none is installed.
#
#   PATH="$(dirname "$(scripts/pulumi-cli.sh)"):$PATH" pulumi preview
#
# The CLI needs two programs beside it: the Node.js language host (pulumi-language-nodejs), which runs index.ts,
# and pulumi-resource-pulumi-nodejs, which runs the dynamic provider of `remove_roles`. An installed CLI is used
# when it is recent enough for @pulumi/pulumi 3.248 and its language host is on PATH too. Otherwise all three are
# built once into a cache folder outside the repository and reused:
#
#   ${IAM_SYNCR_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/iam-syncr}/pulumi-v3.248.0/bin
#
# What is built, and why these versions:
# - the CLI from github.com/pulumi/pulumi/pkg/v3 v3.248.0, the release of the @pulumi/pulumi SDK this project
#   pins. `go install …@v3.248.0` is refused (pkg's go.mod has replace directives), so a wrapper module
#   (scripts/pulumi-cli/cli/go.mod, with its go.sum) requires pkg/v3 and sdk/v3 at that one version;
# - the language host from github.com/pulumi/pulumi/sdk/v3 v3.68.0. Since v3.69 the host is its own module
#   (sdk/nodejs/cmd/pulumi-language-nodejs/v3), which has no tag and which the Go module proxy refuses ("403
#   Forbidden: This module version is not available", for its version list and for the pseudo-version of the
#   v3.248.0 commit alike). v3.68.0 is the newest release in which the host is part of sdk/v3. It speaks the same
#   language-host protocol; the engine suite (test/engine) is the proof that preview, up, import and destroy work;
# - pulumi-resource-pulumi-nodejs, the four-line script Pulumi ships: node on @pulumi/pulumi/cmd/dynamic-provider,
#   resolved from the project the engine runs it in.
#
# Build time on 2 cores with an empty Go module cache: measured 6 min 23 s (383 s, the CLI most of it); 125 MB on disk.
# Progress goes to stderr; stdout carries only the path. Exit status 1, with the reason, when no CLI can be had.
set -euo pipefail

readonly PULUMI_VERSION=3.248.0
readonly LANGUAGE_HOST_VERSION=3.68.0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${IAM_SYNCR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iam-syncr}"
cache="$cache_root/pulumi-v$PULUMI_VERSION"

say() { echo "pulumi-cli: $*" >&2; }

# True when version $1 (v3.x.y or 3.x.y) is at least $2.
at_least() {
  local have="${1#v}" want="$2"
  have="${have%%[-+]*}"
  [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n1)" = "$want" ]
}

# 1. An installed CLI, with its language host.
if [ "${IAM_SYNCR_PULUMI_BUILD:-}" != "always" ] && installed="$(command -v pulumi 2>/dev/null)"; then
  version="$("$installed" version 2>/dev/null || true)"
  if at_least "$version" "$PULUMI_VERSION" && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    echo "$installed"
    exit 0
  fi
  say "ignoring $installed ($version): need v$PULUMI_VERSION or newer with pulumi-language-nodejs on PATH"
fi

# 2. The cached build, if it was made from the same pinned modules and versions. Not from this script's text:
# an edit to a message here must not cost every machine a rebuild. Bump BUILD_RECIPE when the build steps change.
BUILD_RECIPE=1
stamp="$(cat "$here/pulumi-cli/cli/go.sum" "$here/pulumi-cli/language-host/go.sum" |
  { cat; echo "$PULUMI_VERSION $LANGUAGE_HOST_VERSION $BUILD_RECIPE"; } | sha256sum | cut -c1-16)"
if [ -x "$cache/bin/pulumi" ] && [ "$(cat "$cache/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$cache/bin/pulumi"
  exit 0
fi

# 3. Build it. One build at a time: concurrent test runs wait for the first one and then reuse it.
if ! command -v go >/dev/null 2>&1; then
  say "no Pulumi CLI on PATH, and no Go toolchain to build one (Go 1.25 or newer is needed)"
  exit 1
fi
mkdir -p "$cache_root"
exec 9>"$cache_root/pulumi-v$PULUMI_VERSION.lock"
flock 9
if [ -x "$cache/bin/pulumi" ] && [ "$(cat "$cache/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$cache/bin/pulumi"
  exit 0
fi

work="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$here/pulumi-cli/cli" "$here/pulumi-cli/language-host" "$work/"
mkdir -p "$work/bin"
started=$SECONDS
export GOFLAGS="-mod=readonly -buildvcs=false"
say "building the Pulumi CLI v$PULUMI_VERSION from Go modules into $cache (once; about 6 minutes)"
(cd "$work/cli" && go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" -o "$work/bin/" tool) >&2
say "building the Node.js language host from sdk/v3 v$LANGUAGE_HOST_VERSION"
(cd "$work/language-host" && go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$LANGUAGE_HOST_VERSION" -o "$work/bin/" tool) >&2
cat >"$work/bin/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
# The dynamic-provider host, as Pulumi ships it: run from the project, it serves the providers serialized in the state.
exec node "$(node -p "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')")" "$@"
EOF
chmod +x "$work/bin/pulumi-resource-pulumi-nodejs"
"$work/bin/pulumi" version >/dev/null

rm -rf "$cache"
mkdir -p "$cache"
mv "$work/bin" "$cache/bin"
echo "$stamp" >"$cache/stamp"
say "built in $((SECONDS - started)) s: $(du -sh "$cache/bin" | cut -f1) in $cache/bin"
echo "$cache/bin/pulumi"
