package config

import (
	"flag"
	"strings"
	"testing"

	"talentloket/internal/mail"
)

func TestSMTPSettings(t *testing.T) {
	env := map[string]string{"TALENTLOKET_SMTP_HOST": "smtp.example.nl", "TALENTLOKET_SMTP_PASSWORD": "geheim-wachtwoord",
		"TALENTLOKET_SMTP_USERNAME": "talentloket", "TALENTLOKET_SMTP_PORT": "465"}
	c := Default()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse([]string{"--smtp-from", "Talentloket <noreply@example.nl>", "--smtp-tls", "tls"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	m := c.Mail()
	if m.Host != "smtp.example.nl" || m.Port != 465 || m.TLS != mail.TLSImplicit || m.Password != "geheim-wachtwoord" || m.Username != "talentloket" {
		t.Fatalf("mail config %+v", m)
	}
	out := strings.Join(c.Masked(), "\n")
	if strings.Contains(out, "geheim") || !strings.Contains(out, "smtp-password=***") || !strings.Contains(out, "smtp-host=smtp.example.nl") {
		t.Fatalf("SMTP password not masked:\n%s", out)
	}
	// No host: no mail, nothing to validate.
	if d := Default(); d.Validate() != nil || d.Mail().Host != "" {
		t.Fatal("default config has mail")
	}
	// A password in plain text to another machine is refused, naming the flags.
	c.SMTPTLS = "none"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--smtp-") {
		t.Fatalf("plain-text password accepted: %v", err)
	}
	c = Default()
	c.SMTPHost, c.SMTPFrom = "localhost", "geen adres"
	if err := c.Validate(); err == nil {
		t.Fatal("bad sender accepted")
	}
	if err := c.FromEnv(func(k string) string { return map[string]string{"TALENTLOKET_SMTP_PORT": "vijf"}[k] }); err == nil {
		t.Fatal("bad port accepted")
	}
}
