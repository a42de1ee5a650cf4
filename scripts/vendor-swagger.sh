#!/usr/bin/env bash
# Lift Swagger UI's browser files into maps/static, as scripts/vendor-js.sh does for OpenLayers: the
# vendored copy is committed, so /api/docs/ needs neither npm nor a CDN at run time.
# The version is the one maps/openapi/views.py serves (SWAGGER_UI_VERSION), or the first argument.
# It copies from node_modules when package.json pins that version there, and otherwise installs the
# package into a temporary folder without touching package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-$(sed -n 's/^SWAGGER_UI_VERSION = "\([0-9.]*\)"$/\1/p' maps/openapi/views.py)}"
if [ -z "$version" ]; then
    echo "no Swagger UI version: give one, or set SWAGGER_UI_VERSION in maps/openapi/views.py" >&2
    exit 2
fi

source_dir="node_modules/swagger-ui-dist"
installed="$(node -p "try { require('./${source_dir}/package.json').version } catch (e) { '' }")"
if [ "$installed" != "$version" ]; then
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    npm install --prefix "$scratch" --no-save --ignore-scripts --no-audit --no-fund \
        "swagger-ui-dist@${version}" >/dev/null
    source_dir="${scratch}/node_modules/swagger-ui-dist"
fi

target="maps/static/maps/vendor/swagger-ui-${version}"
mkdir -p "$target"
# The source maps are not shipped; drop their references so browsers and manifest storages do not
# look for them.
sed '/^\/\/# sourceMappingURL=/d' "${source_dir}/swagger-ui-bundle.js" > "$target/swagger-ui-bundle.js"
sed '/^\/\*# sourceMappingURL=.*\*\/$/d' "${source_dir}/swagger-ui.css" > "$target/swagger-ui.css"
cp "${source_dir}/LICENSE" "$target/LICENSE"
if [ -f "${source_dir}/NOTICE" ]; then cp "${source_dir}/NOTICE" "$target/NOTICE"; fi
cat > "$target/VERSION" <<VERSION
package: swagger-ui-dist (Swagger UI), from the npm registry
version: ${version}
files: swagger-ui-bundle.js, swagger-ui.css (sourceMappingURL lines removed), LICENSE (Apache-2.0)$( [ -f "$target/NOTICE" ] && echo ", NOTICE")
copied by: scripts/vendor-swagger.sh
sha256:
$(cd "$target" && sha256sum swagger-ui-bundle.js swagger-ui.css LICENSE | sed 's/^/  /')
VERSION
echo "vendored Swagger UI ${version} into ${target}"
