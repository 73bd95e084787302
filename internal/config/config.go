// Package config is Talentloket's one configuration struct: loaded once
// from flags and TALENTLOKET_* environment variables, passed explicitly,
// printed at start-up with secrets masked.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/mail"
)

// Config is the server configuration.
type Config struct {
	Addr            string        // listen address
	DB              string        // SQLite file path or postgres:// DSN
	BaseURL         string        // public URL; https enables Secure cookies
	SecureCookies   bool          // force the Secure attribute (behind a TLS proxy)
	TrustProxy      bool          // take the client address from X-Forwarded-For
	SessionIdle     time.Duration // idle timeout of sessions
	SessionAbsolute time.Duration // absolute timeout of sessions
	Migrate         bool          // migrate an older schema at start-up
	LogFormat       string        // "text" or "json"
	LogLevel        string        // debug, info, warn, error
	ShutdownTimeout time.Duration
	MetricsToken    string // if set, /metrics requires "Authorization: Bearer <token>"
	RetainAuditDays int    // audit entries older than this are deleted; 0 keeps them
	RetainInactive  int    // days after which inactive students are erased; 0 keeps them

	// The SMTP server the desk's notifications are mailed through; no
	// host means notifications stay in the app.
	SMTPHost     string
	SMTPPort     int
	SMTPUsername string
	SMTPPassword string // secret: masked when printed
	SMTPFrom     string // e.g. "Talentloket <noreply@talentloket.example.nl>"
	SMTPTLS      string // none, starttls or tls
}

// Default returns the defaults: SQLite file talentloket.db, port 8080.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DB: "talentloket.db", SessionIdle: 2 * time.Hour, SessionAbsolute: 12 * time.Hour,
		LogFormat: "text", LogLevel: "info", ShutdownTimeout: 20 * time.Second,
		RetainAuditDays: 730, RetainInactive: 365, SMTPPort: 587, SMTPTLS: string(mail.TLSStartTLS)}
}

// Bind registers the server flags on fs with defaults taken from c, after
// the environment has been applied.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (TALENTLOKET_ADDR)")
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file, or postgres://… DSN (TALENTLOKET_DB)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL, e.g. https://talentloket.example.nl (TALENTLOKET_BASE_URL)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark cookies Secure (TALENTLOKET_SECURE_COOKIES); implied by an https base URL")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "trust X-Forwarded-For from a reverse proxy (TALENTLOKET_TRUST_PROXY)")
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "session idle timeout (TALENTLOKET_SESSION_IDLE)")
	fs.DurationVar(&c.SessionAbsolute, "session-absolute", c.SessionAbsolute, "session absolute timeout (TALENTLOKET_SESSION_ABSOLUTE)")
	fs.BoolVar(&c.Migrate, "migrate", c.Migrate, "migrate an older database schema at start-up (TALENTLOKET_MIGRATE)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (TALENTLOKET_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (TALENTLOKET_LOG_LEVEL)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "time to finish requests on shutdown (TALENTLOKET_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "bearer token required for /metrics (TALENTLOKET_METRICS_TOKEN)")
	fs.IntVar(&c.RetainAuditDays, "retain-audit-days", c.RetainAuditDays, "delete audit entries after this many days, 0 = keep (TALENTLOKET_RETAIN_AUDIT_DAYS)")
	fs.IntVar(&c.RetainInactive, "retain-inactive-days", c.RetainInactive, "erase inactive students this many days after their last change, 0 = keep (TALENTLOKET_RETAIN_INACTIVE_DAYS)")
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server for notification mail; empty = no mail (TALENTLOKET_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (TALENTLOKET_SMTP_PORT)")
	fs.StringVar(&c.SMTPUsername, "smtp-username", c.SMTPUsername, "SMTP user name; empty = no AUTH (TALENTLOKET_SMTP_USERNAME)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP password; prefer the environment (TALENTLOKET_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, "sender of notification mail, e.g. 'Talentloket <noreply@example.nl>' (TALENTLOKET_SMTP_FROM)")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", c.SMTPTLS, "SMTP security: starttls, tls or none (TALENTLOKET_SMTP_TLS)")
}

// FromEnv applies TALENTLOKET_* variables from getenv to c. It returns an
// error naming the variable when a value cannot be read.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv("TALENTLOKET_" + name); v != "" {
			*dst = v
		}
	}
	var err error
	boolean := func(name string, dst *bool) {
		if v := getenv("TALENTLOKET_" + name); v != "" {
			b, e := strconv.ParseBool(v)
			if e != nil && err == nil {
				err = fmt.Errorf("TALENTLOKET_%s: %q is not true or false", name, v)
			}
			*dst = b
		}
	}
	dur := func(name string, dst *time.Duration) {
		if v := getenv("TALENTLOKET_" + name); v != "" {
			d, e := time.ParseDuration(v)
			if e != nil && err == nil {
				err = fmt.Errorf("TALENTLOKET_%s: %q is not a duration like 30m or 2h", name, v)
			}
			*dst = d
		}
	}
	str("ADDR", &c.Addr)
	str("DB", &c.DB)
	str("BASE_URL", &c.BaseURL)
	boolean("SECURE_COOKIES", &c.SecureCookies)
	boolean("TRUST_PROXY", &c.TrustProxy)
	dur("SESSION_IDLE", &c.SessionIdle)
	dur("SESSION_ABSOLUTE", &c.SessionAbsolute)
	boolean("MIGRATE", &c.Migrate)
	str("LOG_FORMAT", &c.LogFormat)
	str("LOG_LEVEL", &c.LogLevel)
	dur("SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	str("METRICS_TOKEN", &c.MetricsToken)
	integer := func(name string, dst *int) {
		if v := getenv("TALENTLOKET_" + name); v != "" {
			n, e := strconv.Atoi(v)
			if e != nil && err == nil {
				err = fmt.Errorf("TALENTLOKET_%s: %q is not a whole number", name, v)
			}
			*dst = n
		}
	}
	integer("RETAIN_AUDIT_DAYS", &c.RetainAuditDays)
	integer("RETAIN_INACTIVE_DAYS", &c.RetainInactive)
	str("SMTP_HOST", &c.SMTPHost)
	integer("SMTP_PORT", &c.SMTPPort)
	str("SMTP_USERNAME", &c.SMTPUsername)
	str("SMTP_PASSWORD", &c.SMTPPassword)
	str("SMTP_FROM", &c.SMTPFrom)
	str("SMTP_TLS", &c.SMTPTLS)
	return err
}

// Validate checks the values; it names the flag of the first bad one.
func (c Config) Validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("--addr: empty")
	case c.DB == "":
		return fmt.Errorf("--db: empty")
	case c.SessionIdle < time.Minute || c.SessionAbsolute < c.SessionIdle:
		return fmt.Errorf("--session-idle/--session-absolute: idle must be at least 1m and not longer than absolute")
	case c.RetainAuditDays < 0 || c.RetainInactive < 0:
		return fmt.Errorf("--retain-audit-days/--retain-inactive-days: 0 or more days")
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("--log-format: %q is not text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level: %q is not debug, info, warn or error", c.LogLevel)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url: %q is not an http(s) URL", c.BaseURL)
		}
	}
	if c.SMTPHost != "" {
		if err := c.Mail().Validate(); err != nil {
			return fmt.Errorf("--smtp-*: %w", err)
		}
	}
	return nil
}

// Mail returns the SMTP settings for the mailer; a zero Host means none.
func (c Config) Mail() mail.Config {
	if c.SMTPHost == "" {
		return mail.Config{}
	}
	return mail.Config{Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUsername, Password: c.SMTPPassword, From: c.SMTPFrom,
		TLS: mail.TLSMode(c.SMTPTLS)}
}

// Secure reports whether cookies must carry the Secure attribute.
func (c Config) Secure() bool {
	return c.SecureCookies || strings.HasPrefix(c.BaseURL, "https://")
}

// Masked returns the configuration as name=value lines with secrets (the
// database password, the metrics token, the SMTP password) replaced by ***.
func (c Config) Masked() []string {
	m := map[string]string{
		"addr": c.Addr, "db": MaskDSN(c.DB), "base-url": c.BaseURL, "secure-cookies": strconv.FormatBool(c.Secure()),
		"trust-proxy": strconv.FormatBool(c.TrustProxy), "session-idle": c.SessionIdle.String(),
		"session-absolute": c.SessionAbsolute.String(), "migrate": strconv.FormatBool(c.Migrate),
		"log-format": c.LogFormat, "log-level": c.LogLevel, "shutdown-timeout": c.ShutdownTimeout.String(),
		"metrics-token": mask(c.MetricsToken), "retain-audit-days": strconv.Itoa(c.RetainAuditDays),
		"retain-inactive-days": strconv.Itoa(c.RetainInactive),
		"smtp-host":            c.SMTPHost, "smtp-port": strconv.Itoa(c.SMTPPort), "smtp-username": c.SMTPUsername,
		"smtp-password": mask(c.SMTPPassword), "smtp-from": c.SMTPFrom, "smtp-tls": c.SMTPTLS,
	}
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// Print writes the masked configuration, one setting per line.
func (c Config) Print(w io.Writer) {
	for _, l := range c.Masked() {
		fmt.Fprintln(w, "  "+l)
	}
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "***"
}

// MaskDSN hides the password in a PostgreSQL DSN (URL or key=value form).
func MaskDSN(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "***"
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "***")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "***")
			u.RawQuery = q.Encode()
		}
		return strings.Replace(u.String(), "%2A%2A%2A", "***", -1)
	}
	fields := strings.Fields(dsn)
	for i, f := range fields {
		if strings.HasPrefix(f, "password=") {
			fields[i] = "password=***"
		}
	}
	return strings.Join(fields, " ")
}
