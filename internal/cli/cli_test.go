package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"talentloket/internal/cli"
	"talentloket/internal/store"
	"talentloket/internal/store/sqlite"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin != "" {
		r, w, _ := os.Pipe()
		old := os.Stdin
		os.Stdin = r
		go func() { io.WriteString(w, stdin); w.Close() }()
		defer func() { os.Stdin = old }()
	}
	code := cli.Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	if code, _, errs := run(t, ""); code != 2 || !strings.Contains(errs, "Commands:") {
		t.Fatalf("no args: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Fatalf("unknown: %d %s", code, errs)
	}
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "talentloket ") {
		t.Fatalf("version: %d %s", code, out)
	}
	for _, cmd := range []string{"serve", "demo", "migrate", "backup", "match", "version"} {
		if code, _, errs := run(t, "", cmd, "--help"); code != 0 || !strings.Contains(errs, "Usage: talentloket "+cmd) {
			t.Errorf("%s --help: %d %s", cmd, code, errs)
		}
	}
	if code, _, errs := run(t, "", "serve", "--no-such-flag"); code != 2 || !strings.Contains(errs, "no-such-flag") {
		t.Fatalf("bad flag: %d %s", code, errs)
	}
}

func TestSchemaRefusals(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.db")
	// An empty database is older than the binary: serve refuses and says how to migrate.
	code, _, errs := run(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "talentloket migrate") {
		t.Fatalf("serve on empty db: %d %s", code, errs)
	}
	if code, out, errs := run(t, "", "migrate", "--db", db); code != 0 || !strings.Contains(out, "applied 0001_init") {
		t.Fatalf("migrate: %d %s %s", code, out, errs)
	}
	if code, out, _ := run(t, "", "migrate", "--db", db); code != 0 || strings.Contains(out, "applied") {
		t.Fatalf("second migrate: %d %s", code, out)
	}
	// A newer database is refused, and migrate does not touch it.
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := store.LoadMigrations(sqlite.Engine.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write.Exec("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, 'future', 'x', 'now')", len(ms)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, args := range [][]string{{"serve", "--db", db, "--addr", "127.0.0.1:0"}, {"migrate", "--db", db}, {"serve", "--migrate", "--db", db, "--addr", "127.0.0.1:0"}} {
		if code, _, errs := run(t, "", args...); code != 1 || !strings.Contains(errs, "newer than this binary") {
			t.Errorf("%v on a newer schema: %d %s", args, code, errs)
		}
	}
}

func TestUsersAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tl.db")
	if code, _, errs := run(t, "", "demo", "--db", db, "--no-serve", "--seed", "3", "--demo-password", "demo-password-1"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	// The demo refuses a database that holds data, unless --reset.
	if code, _, errs := run(t, "", "demo", "--db", db, "--no-serve"); code != 1 || !strings.Contains(errs, "already holds data") {
		t.Fatalf("demo on a full db: %d %s", code, errs)
	}
	code, out, errs := run(t, "een-lang-wachtwoord\n", "user", "add", "--db", db, "--region", "twente", "--email", "Nieuw@Twente.example",
		"--name", "Nieuwe Kijker", "--role", "viewer", "--password-stdin")
	if code != 0 || !strings.Contains(out, "<nieuw@twente.example>") {
		t.Fatalf("user add: %d %s %s", code, out, errs)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--region", "twente", "--email", "geen-adres", "--name", "X", "--role", "viewer"}, "--email: invalid.email"},
		{[]string{"--region", "atlantis", "--email", "a@b.nl", "--name", "X", "--role", "viewer"}, `--region "atlantis": no such region`},
		{[]string{"--region", "twente", "--email", "a@b.nl", "--name", "X", "--role", "company_contact"}, "--organisation"},
		{[]string{"--region", "twente", "--email", "nieuw@twente.example", "--name", "X", "--role", "viewer"}, "conflict"},
	} {
		code, _, errs := run(t, "een-lang-wachtwoord\n", append([]string{"user", "add", "--db", db, "--password-stdin"}, bad.args...)...)
		if code != 1 || !strings.Contains(errs, bad.want) {
			t.Errorf("user add %v: %d %q, want %q", bad.args, code, errs, bad.want)
		}
	}
	if code, _, errs := run(t, "kort\n", "user", "add", "--db", db, "--region", "twente", "--email", "k@b.nl", "--name", "K", "--role", "viewer", "--password-stdin"); code != 1 || !strings.Contains(errs, "password") {
		t.Fatalf("short password: %d %s", code, errs)
	}
	code, out, _ = run(t, "", "user", "list", "--db", db, "--region", "twente", "--role", "viewer")
	if code != 0 || !strings.Contains(out, "nieuw@twente.example") || strings.Contains(out, "noord-veluwe.demo") {
		t.Fatalf("user list: %s", out)
	}
	if code, out, _ := run(t, "", "user", "disable", "--db", db, "--email", "nieuw@twente.example"); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %s", out)
	}
	code, out, _ = run(t, "", "user", "list", "--db", db, "--role", "viewer")
	if !regexp.MustCompile(`nieuw@twente.example.*disabled`).MatchString(out) {
		t.Fatalf("disabled user listed as: %s", out)
	}

	// A backup restores into a fresh database and the application runs on it.
	backup := filepath.Join(dir, "backup.db")
	if code, _, errs := run(t, "", "backup", "--db", db, "--to", backup); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if code, _, errs := run(t, "", "backup", "--db", db, "--to", backup); code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("backup over an existing file: %d %s", code, errs)
	}
	code, out, _ = run(t, "", "user", "list", "--db", backup, "--region", "noord-veluwe")
	if code != 0 || !strings.Contains(out, "coordinator@noord-veluwe.demo") {
		t.Fatalf("backup content: %s", out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"serve", "--db", backup, "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	addr := readAddr(t, pr)
	resp, err := http.Get(addr + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("serving the restored backup: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exit %d", code)
	}
}

func readAddr(t *testing.T, r io.Reader) string {
	t.Helper()
	buf := make([]byte, 0, 4096)
	tmp := make([]byte, 512)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		n, err := r.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if m := regexp.MustCompile(`at (http://[0-9.:]+)`).FindSubmatch(buf); m != nil {
			go io.Copy(io.Discard, r)
			return string(m[1])
		}
		if err != nil {
			t.Fatalf("server output: %s (%v)", buf, err)
		}
	}
	t.Fatalf("no address in %s", buf)
	return ""
}

// buildBinary builds talentloket once for the tests that need a real
// process (signals).
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "talentloket")
	cmd := exec.Command("go", "build", "-o", bin, "talentloket/cmd/talentloket")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// A process killed with SIGKILL in the middle of a big write (the demo
// generation is one transaction) leaves a consistent database with none of
// it; SIGTERM stops a server with exit 0.
func TestProcessSignals(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	if out, err := exec.Command(bin, "migrate", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	for i, delay := range []time.Duration{400 * time.Millisecond, 1200 * time.Millisecond} {
		cmd := exec.Command(bin, "demo", "--db", db, "--no-serve", "--demo-password", "demo-password-1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := s.Read.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("kill %d: integrity %q %v", i, check, err)
		}
		var regions, students int
		s.Read.QueryRow("SELECT COUNT(*) FROM regions").Scan(&regions)
		s.Read.QueryRow("SELECT COUNT(*) FROM students").Scan(&students)
		s.Close()
		if !(regions == 0 && students == 0 || regions == 2 && students > 2000) {
			t.Fatalf("kill %d after %s: a partial write survived: %d regions, %d students", i, delay, regions, students)
		}
		if regions == 2 {
			t.Logf("kill %d: the transaction had committed before the kill", i)
			break
		}
	}
	// The same database still takes a complete demo afterwards.
	if out, err := exec.Command(bin, "demo", "--db", db, "--no-serve", "--reset", "--demo-password", "demo-password-1").CombinedOutput(); err != nil {
		t.Fatalf("demo after the crashes: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := readAddr(t, stdout)
	if resp, err := http.Get(addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("SIGTERM: exit %v", err)
	}
	_ = fmt.Sprint()
}

func TestRegions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	if code, _, errs := run(t, "", "migrate", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "region", "add", "--db", db, "--slug", "achterhoek", "--name", "Achterhoek", "--municipalities", "GM1859, gm0197")
	if code != 0 || !strings.Contains(out, "2 municipalities") {
		t.Fatalf("region add: %d %s %s", code, out, errs)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--slug", "Bad Slug", "--name", "X"}, "--slug"},
		{[]string{"--slug", "x2", "--name", "X", "--municipalities", "123"}, `"123" is not a CBS municipality code`},
		{[]string{"--slug", "achterhoek", "--name", "Again"}, "conflict"},
	} {
		if code, _, errs := run(t, "", append([]string{"region", "add", "--db", db}, bad.args...)...); code != 1 || !strings.Contains(errs, bad.want) {
			t.Errorf("region add %v: %d %q", bad.args, code, errs)
		}
	}
	code, out, _ = run(t, "", "region", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "achterhoek") || !strings.Contains(out, "GM0197, GM1859") {
		t.Fatalf("region list: %s", out)
	}
}
