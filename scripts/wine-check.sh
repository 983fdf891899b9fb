#!/usr/bin/env bash
# Runs the Windows .exe that make dist built under Wine, as far as this
# machine can prove it works on Windows:
#   1. --version and --help print (the GUI .exe attaches to the terminal)
#   2. --headless --demo serves the overlay page and a live /api/state, keeps
#      its files in %LOCALAPPDATA%\beatcast, and refuses other Host headers
#   3. a second copy on the same port fails fast with Beatcast's message
#   4. the window, on a Windows without WebView2 (Wine has none), under Xvfb:
#      the overlay answers while Beatcast's own WebView2 message is up; after
#      Cancel it keeps serving, and the tray icon's Quit stops it cleanly
#   5. the Go tests of packages with Windows-only code, built for Windows:
#      background (the HKCU Run key, the tray icon) and overlay (the server,
#      Winsock's "address in use")
# Debian 12's Wine 8 lacks bcryptprimitives.dll, which every Windows 10 and
# 11 has and Go's runtime loads at start: a test-only stand-in
# (scripts/wine/bcryptprimitives.c) is built into a throwaway Wine prefix,
# never into the app. Screenshots go to build/screenshots/wine-*.png.
# Needs scripts/setup.sh dist and setup.sh test (make dist runs them).
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
exes=(dist/beatcast*-windows-amd64.exe)
((${#exes[@]} == 1)) || { echo "wine-check: expected one dist/beatcast*-windows-amd64.exe (run make dist)" >&2; exit 1; }
exe=$PWD/${exes[0]}
for tool in wine x86_64-w64-mingw32-gcc Xvfb xdotool import curl; do
  command -v "$tool" >/dev/null || { echo "wine-check: $tool is missing: run scripts/setup.sh dist" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  WINEPREFIX=$work/prefix wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "wine-check: FAIL: $*" >&2
  for log in "$work"/*.log; do echo "--- $log" >&2; tail -20 "$log" >&2; done
  exit 1
}
step() { echo "wine-check: $*"; }

export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
step "making a throwaway Wine prefix with the stand-in bcryptprimitives.dll"
wine wineboot -i >"$work/wineboot.log" 2>&1 || fail "wineboot"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c -ladvapi32
appdata=$(echo "$WINEPREFIX"/drive_c/users/*/AppData/Local)
[[ -d $appdata ]] || fail "the Wine prefix has no AppData\\Local"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# answers URL: waits up to 60 s (Wine starts slowly) for URL to answer 200.
answers() {
  for _ in $(seq 120); do curl -sf -o /dev/null -m 2 "$1" && return 0; sleep 0.5; done
  return 1
}
state_of() { curl -sf -m 2 "http://127.0.0.1:$1/api/state" | python3 -c 'import json,sys; s=json.load(sys.stdin)["status"]; print(s["state"], s["source"])'; }

step "1. --version, --help"
version=$(scripts/version.sh) commit=$(scripts/version.sh --commit)
said=$(wine "$exe" --version 2>&1 | tr -d '\r')
[[ $said == "beatcast $version ($commit)"* ]] || fail "--version said: $said"
if [[ $exe == *-dev-* ]]; then
  [[ $said == *"development build"* ]] || fail "a development build's --version must say so: $said"
fi
help=$(wine "$exe" --help 2>&1 | tr -d '\r')
[[ $help == *'%LOCALAPPDATA%\beatcast'* ]] || fail "--help does not name %LOCALAPPDATA%\\beatcast"
[[ $help != *XDG_* ]] || fail "--help names XDG variables on Windows"

step "2. --headless --demo: overlay, live /api/state, %LOCALAPPDATA%\\beatcast"
port=$(free_port)
wine "$exe" --headless --demo --overlay-addr "127.0.0.1:$port" >"$work/headless.log" 2>&1 &
pids+=($!)
answers "http://127.0.0.1:$port/" || fail "the overlay never answered on port $port"
page=$(curl -sf "http://127.0.0.1:$port/") # whole, then matched: grep -q on a pipe can cut curl short
[[ $page == *"<title>Beatcast overlay</title>"* ]] || fail "GET / is not the overlay page"
[[ $(state_of "$port") == "live demo" ]] || fail "/api/state is not live: $(state_of "$port")"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: evil.example" "http://127.0.0.1:$port/api/state")
[[ $code == 403 ]] || fail "a foreign Host header got $code, not 403"
for f in overlay-key overlay.html; do
  [[ -s $appdata/beatcast/$f ]] || fail "no $f in %LOCALAPPDATA%\\beatcast"
done
grep -q 'file=C:\\users\\.*\\AppData\\Local\\beatcast\\overlay.html' "$work/headless.log" ||
  fail "the log does not give the Local file's Windows path"

step "3. a second copy on the same port fails fast and says why"
rc=0
wine "$exe" --headless --demo --overlay-addr "127.0.0.1:$port" >"$work/second.log" 2>&1 || rc=$?
[[ $rc != 0 ]] || fail "a second copy on port $port exited 0"
grep -q "already in use" "$work/second.log" || fail "the second copy did not say the port is in use"
kill "${pids[-1]}"
wineserver -w

step "4. the window without WebView2, under Xvfb"
for n in $(seq 90 99); do [[ -e /tmp/.X11-unix/X$n ]] || break; done
Xvfb ":$n" -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=:$n
sleep 1
mkdir -p build/screenshots
port=$(free_port)
wine "$exe" --demo --overlay-addr "127.0.0.1:$port" >"$work/window.log" 2>&1 &
window=$!
pids+=("$window")
answers "http://127.0.0.1:$port/" || fail "the overlay never answered beside the window"
dialog=$(timeout 60 xdotool search --sync --onlyvisible --name "WebView2" | head -1)
[[ $(state_of "$port") == "live demo" ]] || fail "the overlay is not live while the WebView2 message is up"
sleep 1
import -window root build/screenshots/wine-webview2-missing.png
xdotool windowfocus "$dialog" key Escape # Cancel: go on without the window
for _ in $(seq 40); do grep -q "runs without its window" "$work/window.log" && break; sleep 0.5; done
grep -q "runs without its window" "$work/window.log" || fail "Cancel did not leave Beatcast running without its window"
[[ $(state_of "$port") == "live demo" ]] || fail "the overlay stopped after Cancel"
tray=$(xdotool search --onlyvisible --name "Wine System Tray" | head -1)
[[ -n $tray ]] || fail "no tray icon"
xdotool mousemove --window "$tray" 9 10 click 3 # the icon's menu
sleep 1
import -window root build/screenshots/wine-tray-menu.png
xdotool key Up Return # the last item: Quit Beatcast
rc=0
for _ in $(seq 40); do kill -0 "$window" 2>/dev/null || break; sleep 0.5; done
kill -0 "$window" 2>/dev/null && fail "Quit in the tray menu did not stop Beatcast"
wait "$window" || rc=$?
[[ $rc == 0 ]] || fail "Beatcast quit from the tray with exit status $rc"
grep -q "stopped cleanly" "$work/window.log" || fail "no 'stopped cleanly' after Quit"
step "5. Go tests of the Windows-only code, under Wine"
export DISPLAY=
for pkg in background overlay proc ble; do
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$work/$pkg.test.exe" "./backend/$pkg"
  # Wine 8 cannot run Go's os.RemoveAll (t.TempDir's clean-up fails with
  # "Invalid function"), and a file mode means nothing on Windows: the one
  # overlay test that writes a file and checks its mode runs on Linux only.
  (cd "backend/$pkg" && wine "$work/$pkg.test.exe" -test.count=1 -test.skip 'TestLocalFileCarriesTheAddressKeyAndOptions' \
    >"$work/go-$pkg.log" 2>&1) || fail "go test ./backend/$pkg under Wine"
  grep -q '^PASS' "$work/go-$pkg.log" || fail "go test ./backend/$pkg under Wine did not pass"
done
wineserver -w

step "all passed: $(basename "$exe") ($said); screenshots in build/screenshots/wine-*.png"
