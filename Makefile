# Beatcast. `make run` builds and opens the app; `make test` runs every
# test. Every target installs what it needs first (scripts/setup.sh, which
# takes a second when nothing is missing), so each works on a fresh clone.

VERSION ?= $(shell scripts/version.sh)
COMMIT  ?= $(shell scripts/version.sh --commit)
BIN     := build/bin/beatcast
TAGS    := desktop,production
# Beatcast's Pulsoid OAuth client id (public): make build CLIENT_ID=…
CLIENT_ID ?=
LDFLAGS := -w -s -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.clientID=$(CLIENT_ID)
# Tracked and new (not ignored) files: lint sees what the next commit will hold.
GOFILES := $(shell git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null)

.PHONY: all setup setup-test setup-dist dist-check bindings frontend build build-headless dist release tools bench run test lint test-go fuzz test-frontend test-e2e clean

all: build

setup:
	@./scripts/setup.sh build

setup-test:
	@./scripts/setup.sh test

setup-dist:
	@./scripts/setup.sh dist

# Regenerates frontend/wailsjs from the methods app.go binds, and
# frontend/src/lib/facts.json from the facts Go decides (screens/facts.go).
bindings:
	@go build -tags bindings -o build/bindings-gen . && ./build/bindings-gen >/dev/null && rm -f build/bindings-gen
	@go run ./tools/factsgen > frontend/src/lib/facts.json

frontend: setup bindings
	cd frontend && npm run build

# Without the desktop,production tags a Wails binary only prints a warning
# and exits 0, so always build through here.
build: frontend
	CGO_ENABLED=1 go build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

# What streamers download: the Windows .exe (then run under Wine), the
# Linux tarball, the headless builds, checksums. Without CLIENT_ID these are
# development builds; make release refuses to build without one.
dist: dist-check setup-dist frontend
	CLIENT_ID=$(CLIENT_ID) RELEASE=$(RELEASE) ./scripts/dist.sh
	./scripts/wine-check.sh

release:
	@$(MAKE) dist RELEASE=1

# A release without a client id stops here, before building anything.
dist-check:
	@CLIENT_ID=$(CLIENT_ID) RELEASE=$(RELEASE) ./scripts/dist.sh --check

# Measure latency, memory and CPU against baselines; writes docs/BENCHMARKS.md.
bench: setup-test build build-headless
	./scripts/bench.sh

# The fake Pulsoid as a process, for browser tests and trying things by hand.
tools:
	go build -o build/bin/fakepulsoid ./tools/fakepulsoid

# A --headless-only binary without GTK/WebKit, for servers and small
# machines: a fraction of the memory (docs/BENCHMARKS.md).
build-headless: frontend
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o build/bin/beatcast-headless .

run: setup build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display here: running headless with the demo (Ctrl-C stops). Overlay: http://127.0.0.1:8765/"; \
	  ./$(BIN) --headless --demo; \
	else ./$(BIN); fi

test: setup-test lint test-go fuzz test-frontend build test-e2e

lint:
	@test -z "$$(gofmt -l $(GOFILES))" || { echo "gofmt would change:"; gofmt -l $(GOFILES); exit 1; }
	go vet ./...
	go vet -tags e2e ./e2e/
	go vet -tags bench ./tools/benchrun/recoverysim/
	@# The downloads' other systems, which no machine here runs: they must
	@# at least build and pass vet (the full builds are make dist's).
	@# (tools/benchrun measures Linux processes through /proc: Linux only.)
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go vet $$(go list ./... | grep -v /tools/benchrun)
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet $$(go list ./... | grep -v /tools/benchrun)
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	@./scripts/check-wails-imports.sh

test-go:
	go test -race -count=1 ./...

# A few seconds of each fuzz test of the parsers of outside input.
fuzz:
	@./scripts/fuzz.sh

# In CI, the committed bindings must match what app.go generates.
test-frontend: setup bindings
	@[ -z "$$CI" ] || git diff --quiet -- frontend/wailsjs frontend/src/lib/facts.json || { echo "frontend/wailsjs or facts.json is out of date: run make bindings and commit it"; git diff --stat -- frontend/wailsjs frontend/src/lib/facts.json; exit 1; }
	cd frontend && npm run check && npm test

# The overlay's checks run again in the engines of OBS's Browser Source,
# Chromium 103 (OBS 28–30) and 127 (OBS 31–32), unpacked by setup-test.
OLD_CHROMIUM := $(shell ./scripts/old-chromium.sh --dir)
test-e2e: setup-test build tools
	cd frontend && node --test e2e/*.test.mjs
	cd frontend && for v in 103 127; do \
	  CHROMIUM=$(OLD_CHROMIUM)/chromium-$$v/chromium CHROMIUM_MAJOR=$$v node --test e2e/overlay.test.mjs || exit 1; done
	go test -tags e2e -count=1 -v ./e2e/

clean:
	rm -rf build/bin build/screenshots build/dist dist frontend/dist/assets frontend/dist/index.html
