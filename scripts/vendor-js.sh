#!/usr/bin/env bash
# Lift the front-end libraries we serve from node_modules into layers/static, as uMap does: the
# vendored copies are committed, so running the platform needs neither npm nor a JS build step.
# Run it after changing a version in package.json; it installs exactly what package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
else
    npm install --ignore-scripts --no-audit --no-fund
fi

ol_version="$(node -p 'require("./node_modules/ol/package.json").version')"
target="layers/static/layers/vendor/ol-${ol_version}"
mkdir -p "$target"
# The source map is 4 MB and not shipped; drop its reference so browsers and manifest storages
# do not look for it.
sed '/^\/\/# sourceMappingURL=/d' node_modules/ol/dist/ol.js > "$target/ol.js"
cp node_modules/ol/ol.css "$target/ol.css"
cp node_modules/ol/LICENSE.md "$target/LICENSE.md"
cat > "$target/VERSION" <<VERSION
package: ol (OpenLayers), from the npm registry
version: ${ol_version}
files: dist/ol.js (sourceMappingURL line removed), ol.css, LICENSE.md (BSD-2-Clause)
copied by: scripts/vendor-js.sh
sha256:
$(cd "$target" && sha256sum ol.js ol.css LICENSE.md | sed 's/^/  /')
VERSION
echo "vendored OpenLayers ${ol_version} into ${target}"
