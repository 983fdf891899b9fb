#!/usr/bin/env bash
# make bench: measure Beatcast and write docs/BENCHMARKS.md (about 50 minutes: 07:48 to 08:37 UTC on 2026-12-06).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/bench
CGO_ENABLED=1 go build -tags desktop,production -o build/bin/emptywindow ./tools/emptywindow
go test -run '^$' -bench . -benchmem -benchtime 3000x ./backend/hub | grep -E '^(Benchmark|goos|goarch|cpu)' > build/bench/gobench.txt
go test -run '^$' -bench . -benchmem -benchtime 3s ./backend/history | grep -E '^Benchmark' > build/bench/history.txt
go test -tags bench -count=1 ./tools/benchrun/recoverysim -args -out "$PWD/build/bench/recovery-sim.json"
go build -o build/bin/fakepulsoid ./tools/fakepulsoid
go run ./tools/benchrun measure -bin build/bin/beatcast -empty build/bin/emptywindow -out build/bench/results.json
(cd frontend && node e2e/bench-overlay-cpu.mjs)
# Again in OBS 31–32's engine, unpacked by make setup-test.
(cd frontend && CHROMIUM="$(../scripts/old-chromium.sh --dir)/chromium-127/chromium" CHROMIUM_MAJOR=127 node e2e/bench-overlay-cpu.mjs)
go run ./tools/benchrun report -dir build/bench -out docs/BENCHMARKS.md
