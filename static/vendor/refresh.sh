#!/usr/bin/env bash
# Refresh the vendored front-end files from npm (only `make vendor` needs Node).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cp "$here/package.json" "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --silent >/dev/null)
m="$tmp/node_modules"
mkdir -p "$here/tabler" "$here/echarts" "$here/frappe-gantt"
cp "$m/@tabler/core/dist/css/tabler.min.css" "$here/tabler/"
cp "$m/@tabler/core/dist/js/tabler.min.js" "$here/tabler/"
cp "$m/echarts/dist/echarts.min.js" "$here/echarts/"
cp "$m/frappe-gantt/dist/frappe-gantt.umd.js" "$here/frappe-gantt/" 2>/dev/null || true
cp "$m/frappe-gantt/dist/frappe-gantt.css" "$here/frappe-gantt/" 2>/dev/null || true
rm -rf "$tmp"
echo "vendored files refreshed"
