#!/usr/bin/env bash
# Sets up the machine and runs every test (unit, property, corpus and integration tests on real programs).
set -euo pipefail
cd "$(dirname "$0")"
CONFIGURATION=Release ./scripts/setup.sh
exec dotnet test --solution Sandboxer.slnx -c Release --no-build "$@"
