#!/usr/bin/env bash
# Installs the pinned HCL parser from package-lock.json (no install scripts) and runs the Terraform
# checks' tests: the real terraform/ tree must pass, deliberately broken copies must fail.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
node --test test/
