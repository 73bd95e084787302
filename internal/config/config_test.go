package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestEnvAndFlags(t *testing.T) {
	env := map[string]string{"TALENTLOKET_ADDR": ":9000", "TALENTLOKET_SESSION_IDLE": "45m", "TALENTLOKET_TRUST_PROXY": "true"}
	c := Default()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse([]string{"--db", "postgres://tl:geheim@db:5432/tl?sslmode=disable"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.SessionIdle != 45*time.Minute || !c.TrustProxy || !strings.HasPrefix(c.DB, "postgres://") {
		t.Fatalf("config %+v", c)
	}
	out := strings.Join(c.Masked(), "\n")
	if strings.Contains(out, "geheim") || !strings.Contains(out, "db=postgres://tl:***@db:5432/tl?sslmode=disable") {
		t.Fatalf("secrets not masked:\n%s", out)
	}
}

func TestBadValues(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"bool":     {"TALENTLOKET_MIGRATE": "ja"},
		"duration": {"TALENTLOKET_SESSION_IDLE": "twee uur"},
	} {
		c := Default()
		err := c.FromEnv(func(k string) string { return env[k] })
		if err == nil || !strings.Contains(err.Error(), "TALENTLOKET_") {
			t.Errorf("%s: %v", name, err)
		}
	}
	c := Default()
	c.LogFormat = "xml"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--log-format") {
		t.Fatalf("validate: %v", err)
	}
	c = Default()
	c.BaseURL = "talentloket.nl"
	if err := c.Validate(); err == nil {
		t.Fatal("base url without scheme accepted")
	}
}

func TestMaskDSN(t *testing.T) {
	for in, want := range map[string]string{
		"host=db user=tl password=geheim dbname=tl": "host=db user=tl password=*** dbname=tl",
		"talentloket.db":      "talentloket.db",
		"postgres://tl@db/tl": "postgres://tl@db/tl",
	} {
		if got := MaskDSN(in); got != want {
			t.Errorf("MaskDSN(%q) = %q", in, got)
		}
	}
}
