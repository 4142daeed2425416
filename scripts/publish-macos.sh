#!/usr/bin/env bash
# Cross-publishes the CLI for macOS from any OS (self-contained, single file, osx-arm64 and osx-x64) and checks that
# each output is a Mach-O executable of the right architecture (scripts/check-macho.py).
# Usage: scripts/publish-macos.sh [OUTPUT_DIR]   (default: artifacts/publish)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/publish}"
for rid in osx-arm64 osx-x64; do
  start=$(date +%s)
  dotnet publish src/Sandboxer.Cli -c Release -r "$rid" --self-contained -p:PublishSingleFile=true \
    -o "$out/$rid" -nologo -v:q -clp:ErrorsOnly
  python3 scripts/check-macho.py "$out/$rid/sandboxer" "$rid"
  echo "publish-macos: $rid published and checked in $(( $(date +%s) - start ))s"
done
