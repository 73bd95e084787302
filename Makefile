# Talentloket — the two commands a newcomer needs:
#   make demo   build, generate a demo region into talentloket-demo.db and serve it on :8080
#   make test   run every test: unit, both database engines, HTTP, browser
GO      ?= go
BIN     := bin/talentloket
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X talentloket/internal/cli.Version=$(VERSION)

# PostgreSQL for the contract suite: the DSN in the environment, or the local
# server when one answers (trust authentication, database "test").
PG_LOCAL := $(shell command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 && echo postgres://postgres@127.0.0.1:5432/test?sslmode=disable)
TALENTLOKET_TEST_POSTGRES ?= $(PG_LOCAL)
export TALENTLOKET_TEST_POSTGRES

.PHONY: build demo serve test test-short bench fuzz vet fmt tidy clean vendor

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/talentloket

demo: build
	./$(BIN) demo --db talentloket-demo.db --reset --addr 127.0.0.1:8080

serve: build
	./$(BIN) serve --db talentloket.db --migrate

vet:
	@test -z "$$(gofmt -l cmd internal)" || (echo "gofmt needed:"; gofmt -l cmd internal; exit 1)
	$(GO) vet ./...

test: vet
	@if [ -n "$$TALENTLOKET_TEST_POSTGRES" ]; then echo "PostgreSQL tests: on"; else echo "PostgreSQL tests: off (no server on 127.0.0.1:5432 and TALENTLOKET_TEST_POSTGRES unset)"; fi
	$(GO) test -count=1 -timeout 15m ./...

test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./...

# Each fuzz target for a short while (go test -fuzz runs one target at a time).
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

fmt:
	gofmt -w cmd internal

tidy:
	$(GO) mod tidy

# Front-end libraries from the npm registry, pinned by package-lock.json,
# copied into the embedded static files (the copies are committed, so that
# building needs no node).
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	cp node_modules/echarts/dist/echarts.min.js internal/web/static/vendor/echarts.min.js
	cp node_modules/echarts/LICENSE internal/web/static/vendor/echarts-LICENSE.txt
	cp node_modules/echarts/NOTICE internal/web/static/vendor/echarts-NOTICE.txt

clean:
	rm -rf bin talentloket-demo.db talentloket-demo.db-wal talentloket-demo.db-shm
