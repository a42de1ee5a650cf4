#!/usr/bin/env bash
# Lift Leaflet-Geoman (free edition, MIT) into editor/static for the zone editor, as
# scripts/vendor-leaflet.sh does for Leaflet: the vendored copy is committed, so the editor needs
# neither npm, a JS build step nor a CDN at run time. The editor loads it after the Leaflet that
# scripts/vendor-leaflet.sh vendors into maps/static. Run it after changing the version in
# package.json; it installs exactly what package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")/.."

# A scratch install rather than ./node_modules: the lock file decides the versions all the same, and
# a node_modules that someone else is using at the moment is left alone.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp package.json package-lock.json "$scratch/"
(cd "$scratch" && npm ci --ignore-scripts --no-audit --no-fund)
modules="$scratch/node_modules"

package_field() { node -p "require('$modules/$1/package.json').$2"; }

geoman="@geoman-io/leaflet-geoman-free"
version="$(package_field "$geoman" version)"
licence="$(package_field "$geoman" license)"
if [ "$licence" != "MIT" ]; then
    echo "$geoman $version is published under $licence, not MIT: check it before vendoring" >&2
    exit 1
fi
target="editor/static/editor/vendor/leaflet-geoman-${version}"
rm -rf "$target"
mkdir -p "$target"

# The minified build; its source maps are not shipped, so their references go too.
sed '/^\/\/# sourceMappingURL=/d' "$modules/$geoman/dist/leaflet-geoman.min.js" > "$target/leaflet-geoman.min.js"
sed '/sourceMappingURL=/d' "$modules/$geoman/dist/leaflet-geoman.css" > "$target/leaflet-geoman.css"

# The build bundles its dependencies (Turf, lodash, polyclip-ts, …); esbuild names each bundled
# package in a comment (`// node_modules/.pnpm/<name>@<version>/node_modules/<name>/…`). Their
# licences travel with the copy.
bundled="$(grep -oE '^ *// node_modules/\.pnpm/[^/]+/node_modules/(@[^/]+/[^/]+|[^/]+)/' \
    "$modules/$geoman/dist/leaflet-geoman.js" \
    | sed -E 's#^ *// node_modules/\.pnpm/([^/]+)/node_modules/(@[^/]+/[^/]+|[^/]+)/#\2 \1#' | sort -u)"
licence_file() { find "$modules/$1" -maxdepth 1 -type f -iname 'licen[cs]e*' | sort | head -n 1; }
{
    echo "# Licences of Leaflet-Geoman (free) ${version} and of the packages its build bundles"
    echo
    echo "## ${geoman} ${version} (${licence})"
    echo
    cat "$modules/$geoman/LICENSE"
    while read -r name pinned; do
        bundled_version="${pinned##*@}"
        file="$(licence_file "$name")"
        echo
        echo "## ${name} ${bundled_version} ($(package_field "$name" license))"
        echo
        if [ -n "$file" ]; then
            cat "$file"
        else
            echo "The package ships no licence file; its package.json names the licence above."
        fi
    done <<< "$bundled"
} > "$target/LICENSE.md"

cat > "$target/VERSION" <<VERSION
package: ${geoman} (Leaflet-Geoman, free edition), from the npm registry
version: ${version}
licence: ${licence}; LICENSE.md also gathers the licences of the packages the build bundles:
$(echo "$bundled" | awk '{n = split($2, parts, "@"); print "  " $1 " " parts[n]}')
files: dist/leaflet-geoman.min.js and dist/leaflet-geoman.css (sourceMappingURL lines removed)
needs: Leaflet (peer ^1.2.0), loaded first: maps/static/maps/vendor/leaflet-1.9.4 (scripts/vendor-leaflet.sh)
copied by: scripts/vendor-geoman.sh
sha256:
$(cd "$target" && sha256sum leaflet-geoman.min.js leaflet-geoman.css LICENSE.md | sed 's/^/  /')
VERSION
echo "vendored Leaflet-Geoman ${version} into ${target}"
