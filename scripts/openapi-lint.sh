#!/usr/bin/env bash
# Lints the committed OpenAPI document (clients/typescript/openapi.json) with Redocly's recommended rules, at the
# version pinned in clients/typescript/package-lock.json. Starts nothing: the tests check that the committed document
# is the one Kassa serves (OpenApiDocumentTests); warnings are shown, errors fail.
set -euo pipefail
cd "$(dirname "$0")/../clients/typescript"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
npm ci --no-audit --no-fund --loglevel=error
npx --no-install redocly lint openapi.json --extends=recommended
