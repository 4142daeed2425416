#!/usr/bin/env bash
# Sets up the machine (first run only does real work), builds, and runs the sandboxer CLI.
# With no arguments it runs the built-in demo: `./run.sh` == `./run.sh demo`.
set -euo pipefail
cd "$(dirname "$0")"
CONFIGURATION=Release SANDBOXER_PUBLISH=1 ./scripts/setup.sh >&2
if [ "$#" -eq 0 ]; then set -- demo; fi
if [ -x artifacts/cli/sandboxer ]; then exec artifacts/cli/sandboxer "$@"; fi
exec dotnet src/Sandboxer.Cli/bin/Release/net10.0/sandboxer.dll "$@"
