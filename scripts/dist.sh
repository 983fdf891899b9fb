#!/usr/bin/env bash
# Builds what streamers download, into dist/, with SHA256SUMS:
#   beatcast[-dev]-windows-amd64.exe          the window (GUI subsystem; icon, version and manifest embedded)
#   beatcast[-dev]-linux-amd64.tar.gz         the window for Linux, with a .desktop file, the icon and INSTALL
#   beatcast-headless[-dev]-linux-amd64       --headless only, no GTK/WebKit, CGO off: a server, or
#   beatcast-headless[-dev]-linux-arm64       a Raspberry Pi beside the streaming PC
#   beatcast-headless[-dev]-darwin-arm64      --headless for a Mac (Apple silicon / Intel), CGO off:
#   beatcast-headless[-dev]-darwin-amd64      cross-compiled here and never run on a Mac
# A build without CLIENT_ID (Beatcast's Pulsoid client id) is a development
# build, and says so in its file names, its file properties, --version and
# the window's footer. RELEASE=1 (make release) refuses to build one;
# --check only does that refusing, before make builds anything.
# Expects the frontend to be built (make dist does that first).
set -euo pipefail
cd "$(dirname "$0")/.."

client_id=${CLIENT_ID:-}
if [[ -z $client_id ]]; then
  if [[ ${RELEASE:-} == 1 ]]; then
    echo "dist: a release needs Beatcast's Pulsoid client id: make release CLIENT_ID=<id from pulsoid.net/ui/api-clients>" >&2
    echo "dist: (the client id is public, not a secret: every copy of the app carries it)" >&2
    exit 2
  fi
  dev=-dev product="Beatcast (development build)"
  [[ ${1:-} == --check ]] || echo "dist: no CLIENT_ID: building development builds"
else
  dev= product=Beatcast
fi
[[ ${1:-} == --check ]] && exit 0
version=$(scripts/version.sh)
commit=$(scripts/version.sh --commit)
numeric=$(scripts/version.sh --numeric)
ldflags="-s -w -X main.version=$version -X main.commit=$commit -X main.clientID=$client_id"
rm -rf dist build/dist
mkdir -p dist build/dist

# Windows: icon, version information and a GUI manifest go into a .syso
# resource object that go build links in for GOOS=windows only.
# wv2runtime.browser: without WebView2, Beatcast says so in its own words
# with Microsoft's download link (main.go), and keeps serving the overlay.
win=dist/beatcast$dev-windows-amd64.exe
trap 'rm -f rsrc_windows_amd64.syso' EXIT
go tool go-winres simply --arch amd64 --out rsrc --icon build/appicon.png --manifest gui \
  --product-name "$product" --file-description "Beatcast: your heart rate on stream" \
  --product-version "$numeric" --file-version "$numeric" --original-filename beatcast.exe \
  --copyright "Beatcast developers"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -tags desktop,production,wv2runtime.browser \
  -ldflags "$ldflags -H windowsgui" -o "$win" .
go run ./tools/pecheck "$win" "$numeric"

# Linux, with the window.
stage=build/dist/beatcast$dev-linux-amd64
mkdir -p "$stage"
CGO_ENABLED=1 go build -trimpath -tags desktop,production -ldflags "$ldflags" -o "$stage/beatcast" .
cp build/linux/beatcast.desktop build/linux/INSTALL "$stage/"
cp build/appicon.png "$stage/beatcast.png"
said=$("$stage/beatcast" --version)
[[ $said == "beatcast $version ($commit)"* ]] || { echo "dist: --version says $said" >&2; exit 1; }
tar -czf "dist/beatcast$dev-linux-amd64.tar.gz" -C build/dist "beatcast$dev-linux-amd64"

# Headless, no cgo: the same program without GTK/WebKit.
for arch in amd64 arm64; do
  GOOS=linux GOARCH=$arch CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "dist/beatcast-headless$dev-linux-$arch" .
done
# macOS, headless: nothing of the Mac's own is linked without cgo, so it
# cross-compiles; no Mac here runs it, and the README says so.
for arch in arm64 amd64; do
  GOOS=darwin GOARCH=$arch CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "dist/beatcast-headless$dev-darwin-$arch" .
done
said=$("dist/beatcast-headless$dev-linux-amd64" --version)
[[ $said == "beatcast $version ($commit)"* ]] || { echo "dist: the headless build's --version says $said" >&2; exit 1; }

(cd dist && sha256sum -- * > SHA256SUMS)
echo "dist: Beatcast $version ($commit)${dev:+, development build}"
ls -l dist
