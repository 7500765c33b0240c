#!/usr/bin/env bash
# Installs what the end-to-end test needs and is missing: Debian's chromium and the headers code-server's
# native modules build against (apt), then code-server 4.100.3 (VS Code 1.100.3, the newest that runs on
# Node 20) into a cache folder outside the repo. Idempotent: a second run finds everything and returns.
# See shared/notes/vscode-e2e.md for why each step is needed on this machine.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
tools="${BATCHAI_E2E_TOOLS:-$HOME/.cache/batchai-e2e}"
code_server="$tools/node_modules/.bin/code-server"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
if [ ! -x "$code_server" ]; then
  for pkg in libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
  done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e-setup: apt-get install ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need_apt[@]}" >&2
fi

if [ ! -x "$code_server" ]; then
  echo "e2e-setup: installing code-server@$CODE_SERVER_VERSION into $tools" >&2
  mkdir -p "$tools"
  # @vscode/ripgrep downloads ripgrep from GitHub, which is out of reach here; it takes a cached archive instead.
  tmp="${TMPDIR:-/tmp}"
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$archive" ]; then
    mkdir -p "$cache"
    staging=$(mktemp -d)
    cp "$(command -v rg)" "$staging/rg"
    tar -C "$staging" -czf "$archive" rg
    rm -rf "$staging"
  fi
  (
    cd "$tools"
    [ -f package.json ] || echo '{"name":"batchai-e2e-tools","private":true}' > package.json
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
fi
echo "$code_server"
