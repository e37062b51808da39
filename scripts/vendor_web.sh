#!/usr/bin/env bash
# Fill src/rasad/serve/static/vendor/ with the third-party files the web page of
# `rasad serve` needs, from the npm registry.
#
# The page must work offline and under a strict Content-Security-Policy, so nothing is
# loaded from a CDN: these files are committed and shipped in the package. Run this only
# to change a version; the versions are pinned exactly and each tarball is checked against
# its sha512 integrity as published in the registry, so a rerun gives the same bytes.
#
# Only the built files the page loads are copied, each with its licence.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/rasad/serve/static/vendor"

# name@version  sha512 integrity (from `npm view NAME@VERSION dist.integrity`)
packages=(
  "leaflet@1.9.4 sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
  "leaflet.markercluster@1.5.3 sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA=="
  "topojson-client@3.1.0 sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw=="
  "world-atlas@2.0.2 sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Download, verify and unpack each package into $work/<name>/package/.
for entry in "${packages[@]}"; do
  spec=${entry%% *}
  want=${entry#* }
  name=${spec%@*}
  mkdir -p "$work/$name"
  tarball=$(cd "$work/$name" && npm pack --silent "$spec")
  got="sha512-$(openssl dgst -sha512 -binary "$work/$name/$tarball" | base64 -w0)"
  if [[ "$got" != "$want" ]]; then
    echo "integrity mismatch for $spec: got $got" >&2
    exit 1
  fi
  tar -xzf "$work/$name/$tarball" -C "$work/$name"
done

# copy SRC_PACKAGE FILE... : files (relative to the package root) into vendor/<package>/,
# keeping their relative paths below dist/ (leaflet.css finds images/ next to itself).
copy() {
  local name=$1
  shift
  local from="$work/$name/package"
  for f in "$@"; do
    local to="$dest/$name/${f#dist/}"
    mkdir -p "$(dirname "$to")"
    cp "$from/$f" "$to"
  done
}

rm -rf "$dest"
mkdir -p "$dest"

copy leaflet LICENSE dist/leaflet.js dist/leaflet.css \
  dist/images/layers.png dist/images/layers-2x.png \
  dist/images/marker-icon.png dist/images/marker-icon-2x.png dist/images/marker-shadow.png
copy leaflet.markercluster MIT-LICENCE.txt dist/leaflet.markercluster.js \
  dist/MarkerCluster.css dist/MarkerCluster.Default.css
copy topojson-client LICENSE dist/topojson-client.min.js
# The 1:50m countries: detailed enough for a country's outline at province zoom, and
# 740 kB rather than the 3.6 MB of the 1:10m file.
copy world-atlas LICENSE countries-50m.json

# The minified files end with a sourceMappingURL comment for .map files not shipped;
# harmless (browsers fetch maps only with the developer tools open), so left as published.

cat > "$dest/README.md" <<'EOF'
# Vendored web assets

Third-party files used by the web page of `rasad serve`, copied unmodified from the npm
registry by `scripts/vendor_web.sh` (exact versions, tarballs checked against their
published sha512 integrity). Do not edit; rerun the script to change a version.

| Package | Version | Licence | Files |
|---|---|---|---|
| [leaflet](https://leafletjs.com/) | 1.9.4 | BSD-2-Clause (`leaflet/LICENSE`) | `leaflet.js`, `leaflet.css`, `images/` |
| [leaflet.markercluster](https://github.com/Leaflet/Leaflet.markercluster) | 1.5.3 | MIT (`leaflet.markercluster/MIT-LICENCE.txt`) | `leaflet.markercluster.js`, `MarkerCluster*.css` |
| [topojson-client](https://github.com/topojson/topojson-client) | 3.1.0 | ISC (`topojson-client/LICENSE`) | `topojson-client.min.js` |
| [world-atlas](https://github.com/topojson/world-atlas) | 2.0.2 | ISC (`world-atlas/LICENSE`) | `countries-50m.json` |

The country outlines in `world-atlas` are derived from [Natural Earth](https://www.naturalearthdata.com/)
1:50m Admin 0 – Countries, which is in the public domain. Natural Earth draws some
boundaries according to a particular point of view; they are shown for orientation only.
EOF

echo "vendored into $dest:"
(cd "$dest" && find . -type f | sort)
