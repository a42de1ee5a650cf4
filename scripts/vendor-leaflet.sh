#!/usr/bin/env bash
# Lift Leaflet and Leaflet.VectorGrid from node_modules into maps/static for the public viewer, as
# scripts/vendor-js.sh does for OpenLayers: the vendored copies are committed, so the viewer needs
# neither npm, a JS build step nor a CDN at run time. Run it after changing a version in
# package.json; it installs exactly what package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
else
    npm install --ignore-scripts --no-audit --no-fund
fi

version_of() { node -p "require('./node_modules/$1/package.json').version"; }
vendor="maps/static/maps/vendor"

# --- Leaflet ---------------------------------------------------------------------------------
leaflet_version="$(version_of leaflet)"
target="${vendor}/leaflet-${leaflet_version}"
mkdir -p "$target/images"
# The source map is not shipped; drop its reference so browsers and manifest storages do not look
# for it.
sed '/^\/\/# sourceMappingURL=/d' node_modules/leaflet/dist/leaflet.js > "$target/leaflet.js"
cp node_modules/leaflet/dist/leaflet.css "$target/leaflet.css"
cp node_modules/leaflet/dist/images/*.png "$target/images/"
cp node_modules/leaflet/LICENSE "$target/LICENSE"
cat > "$target/VERSION" <<VERSION
package: leaflet, from the npm registry
version: ${leaflet_version}
files: dist/leaflet.js (sourceMappingURL line removed), dist/leaflet.css, dist/images/*.png, LICENSE (BSD-2-Clause)
copied by: scripts/vendor-leaflet.sh
sha256:
$(cd "$target" && sha256sum leaflet.js leaflet.css LICENSE images/*.png | sed 's/^/  /')
VERSION
echo "vendored Leaflet ${leaflet_version} into ${target}"

# --- Leaflet.VectorGrid ----------------------------------------------------------------------
grid_version="$(version_of leaflet.vectorgrid)"
target="${vendor}/leaflet.vectorgrid-${grid_version}"
mkdir -p "$target"
# The bundled build carries its dependencies (pbf, vector-tile, topojson-client, geojson-vt,
# whatwg-fetch), so the viewer loads one file after leaflet.js.
cp node_modules/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js "$target/"
{
    echo "# Licences of Leaflet.VectorGrid ${grid_version} and of the libraries its bundled build contains"
    echo
    echo "## Leaflet.VectorGrid (Beerware), from its README"
    echo
    sed -n '/"THE BEER-WARE LICENSE"/,/buy me a beer in return/p' node_modules/leaflet.vectorgrid/README.md
    for dependency in pbf/LICENSE ieee754/LICENSE vector-tile/LICENSE.txt topojson-client/LICENSE.md \
                      whatwg-fetch/LICENSE; do
        name="${dependency%%/*}"
        echo
        echo "## ${name} $(version_of "$name") ($(node -p "require('./node_modules/${name}/package.json').license"))"
        echo
        cat "node_modules/${dependency}"
    done
    echo
    echo "## point-geometry (ISC) and geojson-vt (ISC)"
    echo
    echo "Their packages ship no licence file; both are published under the ISC licence by Mapbox."
} > "$target/LICENSE.md"
cat > "$target/VERSION" <<VERSION
package: leaflet.vectorgrid (Leaflet.VectorGrid), from the npm registry
version: ${grid_version}
files: dist/Leaflet.VectorGrid.bundled.min.js; LICENSE.md gathers the licences of it and of what it bundles
note: 1.3.0 calls L.DomEvent.fakeStop, which Leaflet 1.8 removed; maps/static/maps/viewer/compat.js
  restores it (upstream fix: Leaflet/Leaflet.VectorGrid#288, merged after 1.3.0, unreleased)
copied by: scripts/vendor-leaflet.sh
sha256:
$(cd "$target" && sha256sum Leaflet.VectorGrid.bundled.min.js LICENSE.md | sed 's/^/  /')
VERSION
echo "vendored Leaflet.VectorGrid ${grid_version} into ${target}"
