package web

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestVendoredECharts: the embedded ECharts is the one package-lock.json
// pins. When node_modules is installed (npm ci), the embedded copy must be
// byte-identical to it: run `make vendor` after changing the version.
func TestVendoredECharts(t *testing.T) {
	root := filepath.Join("..", "..")
	embedded, err := staticFS.ReadFile("static/vendor/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct{ Version string } `json:"packages"`
	}
	b, err := os.ReadFile(filepath.Join(root, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		t.Fatal(err)
	}
	version := lock.Packages["node_modules/echarts"].Version
	if version == "" {
		t.Fatal("package-lock.json does not pin echarts")
	}
	installed, err := os.ReadFile(filepath.Join(root, "node_modules", "echarts", "dist", "echarts.min.js"))
	if os.IsNotExist(err) {
		t.Skip("node_modules/echarts not installed (npm ci): byte comparison skipped")
	}
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Version string }
	if b, err := os.ReadFile(filepath.Join(root, "node_modules", "echarts", "package.json")); err == nil {
		_ = json.Unmarshal(b, &pkg)
	}
	if pkg.Version != version {
		t.Fatalf("node_modules has echarts %s, package-lock.json pins %s: run npm ci", pkg.Version, version)
	}
	if !bytes.Equal(embedded, installed) {
		t.Fatalf("internal/web/static/vendor/echarts.min.js differs from node_modules (echarts %s): run make vendor", version)
	}
}
