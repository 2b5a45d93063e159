#!/usr/bin/env bash
# Installs what the real-editor tests (npm run test:e2e) need on a fresh Debian bookworm machine:
#   apt: chromium neovim libkrb5-dev pkg-config ripgrep (+ python3 make g++ for node-gyp)
#   npm: code-server@4.100.3 into .e2e/ (a separate prefix, ignored by git; NOT a project dependency).
# Idempotent: skips what is already present. Prints timings. Recipe: /work/shared/design/e2e.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
E2E=${VIGIL_E2E_DIR:-$ROOT/.e2e}
CS_VERSION=4.100.3        # newest code-server whose postinstall accepts Node 20
RG_PKG_VERSION=1.15.11    # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
T0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

# 1. apt
t=$(date +%s.%N)
APT_PKGS=(chromium neovim libkrb5-dev pkg-config ripgrep python3 make g++)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  # apt may be locked by another process for a while: retry.
  for i in $(seq 1 30); do $SUDO apt-get update -qq && break; echo "apt-get update failed (lock?), retry $i"; sleep 5; done
  for i in $(seq 1 30); do $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && break; echo "apt-get install failed (lock?), retry $i"; sleep 5; done
fi
for p in "${APT_PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || { echo "e2e-setup: apt package $p missing"; exit 1; }; done
echo "e2e-setup: apt (${missing[*]:-nothing to install}) $(since "$t") s"

# 2. code-server into $E2E
t=$(date +%s.%N)
mkdir -p "$E2E/tmp"
CS_BIN="$E2E/node_modules/.bin/code-server"
# code-server writes a default config (and data) under XDG dirs even for --version: keep them in .e2e/tmp.
cs_version() { XDG_CONFIG_HOME="$E2E/tmp/xdg" XDG_DATA_HOME="$E2E/tmp/xdg" "$CS_BIN" --version 2>/dev/null | grep -m1 '^[0-9]'; }
if [ -x "$CS_BIN" ] && cs_version | grep -q "^$CS_VERSION "; then
  echo "e2e-setup: code-server $CS_VERSION already installed"
else
  # Workaround 1: @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache from Debian's ripgrep.
  case "$(uname -m)" in x86_64) RG_TARGET=x86_64-unknown-linux-musl ;; aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) echo "e2e-setup: unsupported arch $(uname -m)"; exit 1 ;; esac
  rgc="$E2E/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"; mkdir -p "$rgc"
  tar czf "$rgc/ripgrep-v13.0.0-10-$RG_TARGET.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  [ -f "$E2E/package.json" ] || printf '{ "name": "vigil-e2e-tools", "private": true }\n' > "$E2E/package.json"
  # Workaround 2: the postinstall demands unsafe-perm as root (npm 11 only passes it as an env var).
  # Workaround 3: node-pty's postinstall runs `npx node-gyp`; ~/.npmrc may say yes=false.
  if ! (cd "$E2E" && TMPDIR="$E2E/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
        npm install --no-audit --no-fund --no-save "code-server@$CS_VERSION" > "$E2E/npm-install.log" 2>&1); then
    tail -40 "$E2E/npm-install.log"; echo "e2e-setup: code-server install failed (log: $E2E/npm-install.log)"; exit 1
  fi
fi
echo "e2e-setup: code-server $(cs_version) $(since "$t") s"

# 3. playwright-core is a devDependency of the project (node_modules); never download Playwright's browsers.
[ -d "$ROOT/node_modules/playwright-core" ] || { echo "e2e-setup: run npm ci first (playwright-core missing)"; exit 1; }
echo "e2e-setup: chromium $(/usr/bin/chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
echo "e2e-setup: total $(since "$T0") s"
