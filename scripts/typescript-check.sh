#!/usr/bin/env bash
# The typed client in clients/typescript: installs its pinned tools (npm ci), regenerates the types from the committed
# OpenAPI document and fails when they differ from the committed src/schema.d.ts, then type-checks the client and its
# examples (tsc --strict), and the demo storefront's JavaScript (src/Kassa/wwwroot/js, tsc --checkJs --strict against the
# same types through its JSDoc; tsconfig.storefront.json). With --update it first writes the document Kassa serves over the committed one (through the
# test that compares them) and rewrites src/schema.d.ts; commit both.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/clients/typescript"

if [ "${1:-}" = "--update" ]; then
  (cd "$root" && KASSA_UPDATE_OPENAPI=1 dotnet test tests/Kassa.Tests -c Release \
    --filter "FullyQualifiedName=Kassa.Tests.Http.OpenApiDocumentTests.The_committed_document_is_the_one_Kassa_serves" > /dev/null)
fi

npm ci --no-audit --no-fund --loglevel=error

generated="$(mktemp -d)/schema.d.ts"
npx --no-install openapi-typescript openapi.json --output "$generated" > /dev/null
if [ "${1:-}" = "--update" ]; then
  cp "$generated" src/schema.d.ts
elif ! diff -u src/schema.d.ts "$generated" > /tmp/kassa-schema.diff; then
  head -n 60 /tmp/kassa-schema.diff
  echo "clients/typescript/src/schema.d.ts is not what openapi-typescript makes of openapi.json; run scripts/typescript-check.sh --update and commit"
  exit 1
fi

npx --no-install tsc --strict --noEmit -p .
npx --no-install tsc --checkJs --strict --noEmit -p tsconfig.storefront.json
echo "typed client: types current, src, examples and the demo storefront type-check"
