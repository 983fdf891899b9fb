#!/usr/bin/env bash
# Builds what streamers download, into dist/:
#   beatcast-windows-amd64.exe   cross-compiled (no cgo: Wails reaches WebView2 through plain Go),
#                                a GUI-subsystem binary with the icon and version embedded
#   beatcast-linux-amd64.tar.gz  the binary, a .desktop file, the icon and an INSTALL note
#   SHA256SUMS
# Expects the frontend to be built (make dist does that first).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(scripts/version.sh)
numeric=$(scripts/version.sh --numeric)
ldflags="-s -w -X main.version=$version -X main.clientID=${CLIENT_ID:-}"
rm -rf dist build/dist
mkdir -p dist build/dist/beatcast-linux-amd64

# Windows: icon, version information and a GUI manifest go into a .syso
# resource object that go build links in for GOOS=windows only.
trap 'rm -f rsrc_windows_amd64.syso' EXIT
go tool go-winres simply --arch amd64 --out rsrc --icon build/appicon.png --manifest gui \
  --product-name Beatcast --file-description "Beatcast: your heart rate on stream" \
  --product-version "$numeric" --file-version "$numeric" --original-filename beatcast.exe \
  --copyright "Beatcast developers"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -tags desktop,production \
  -ldflags "$ldflags -H windowsgui" -o dist/beatcast-windows-amd64.exe .
go run ./tools/pecheck dist/beatcast-windows-amd64.exe "$numeric"

# Linux
stage=build/dist/beatcast-linux-amd64
CGO_ENABLED=1 go build -trimpath -tags desktop,production -ldflags "$ldflags" -o "$stage/beatcast" .
cp build/linux/beatcast.desktop build/linux/INSTALL "$stage/"
cp build/appicon.png "$stage/beatcast.png"
"$stage/beatcast" --version | grep -qx "beatcast $version"
tar -czf dist/beatcast-linux-amd64.tar.gz -C build/dist beatcast-linux-amd64

(cd dist && sha256sum beatcast-windows-amd64.exe beatcast-linux-amd64.tar.gz > SHA256SUMS)
echo "dist: Beatcast $version"
ls -l dist
