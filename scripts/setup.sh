#!/usr/bin/env bash
# Installs what Sandboxer and its tests need on a fresh Debian/Ubuntu machine, then restores and builds.
# Safe to run repeatedly: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v strace >/dev/null 2>&1 || need+=(strace)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v git >/dev/null 2>&1 || need+=(git)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    echo "setup: installing ${need[*]}" >&2
    $sudo_cmd apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]}" >&2
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download)" >&2
  exit 3
fi

dotnet build Sandboxer.slnx -c "${CONFIGURATION:-Release}" -nologo -clp:ErrorsOnly -v:q

# With SANDBOXER_PUBLISH=1 (./run.sh): also publish the CLI ahead-of-time compiled (ReadyToRun) for this machine into
# artifacts/cli/, which starts about twice as fast as the JIT-only build (`sandboxer check` on Chromium's common.sb:
# ~0.10 s instead of ~0.17 s). Only redone when a source file is newer than the published binary.
if [ "${SANDBOXER_PUBLISH:-0}" = "1" ]; then
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64 | arm64) rid=linux-arm64 ;;
    *) rid="" ;;
  esac
  if [ -n "$rid" ]; then
    out=artifacts/cli
    if [ ! -x "$out/sandboxer" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$out/sandboxer" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.sb' \) -print -quit)" ]; then
      dotnet publish src/Sandboxer.Cli/Sandboxer.Cli.csproj -c Release -r "$rid" --self-contained false \
        -p:PublishReadyToRun=true -o "$out" -nologo -clp:ErrorsOnly -v:q >/dev/null
      touch "$out/sandboxer"
    fi
  fi
fi
