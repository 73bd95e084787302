// Package mail sends Talentloket's notifications by e-mail through an SMTP
// server the administrator configures. It builds proper MIME messages
// (UTF-8 subjects as encoded words, quoted-printable bodies, a text part
// and an optional HTML alternative), refuses header injection, speaks SMTP
// with net/smtp (implicit TLS, or STARTTLS that is then required) and only
// sends a password over TLS or to the local machine. Digest groups
// notifications per recipient for users who want one mail a day.
//
// Notifications carry as little personal data as the message needs: the
// callers put a subject and a link in them, never a student's details.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// TLSMode says how the connection to the SMTP server is secured.
type TLSMode string

// TLS modes.
const (
	// TLSNone sends in plain text and never upgrades. Only for a relay on
	// the same machine or a trusted network; AUTH is allowed only to
	// localhost.
	TLSNone TLSMode = "none"
	// TLSStartTLS connects in plain text and upgrades with STARTTLS, which
	// the server must offer: a server that does not is refused rather than
	// used unencrypted (the usual port is 587).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (the usual port is 465).
	TLSImplicit TLSMode = "tls"
)

// DefaultTimeout bounds a whole SMTP conversation when Config.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// Config is the SMTP server the administrator configured.
type Config struct {
	Host     string
	Port     int
	Username string // empty: no AUTH
	Password string
	// From is the sender, e.g. "Talentloket <noreply@talentloket.nl>".
	From string
	TLS  TLSMode
	// Timeout bounds dialling and the whole conversation; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// HelloName is the name sent with EHLO; "" means "localhost".
	HelloName string
	// TLSConfig, when not nil, is used for TLS (for example with a private
	// root CA); ServerName defaults to Host. Certificates are always
	// verified.
	TLSConfig *tls.Config
}

// Errors returned (wrapped) by this package.
var (
	// ErrConfig marks an invalid Config.
	ErrConfig = errors.New("mail: invalid configuration")
	// ErrMessage marks a message that cannot be sent as it is: no
	// recipient, a bad address, an empty body.
	ErrMessage = errors.New("mail: invalid message")
	// ErrHeaderInjection marks a CR or LF in an address or the subject.
	ErrHeaderInjection = errors.New("mail: line break in a header field")
	// ErrNoStartTLS marks a server that does not offer STARTTLS while the
	// configuration requires it.
	ErrNoStartTLS = errors.New("mail: server does not offer STARTTLS")
	// ErrAuthUnavailable marks a configuration with a username and a
	// server that does not offer AUTH PLAIN.
	ErrAuthUnavailable = errors.New("mail: server does not offer AUTH PLAIN")
)

// Validate checks the configuration. It returns an error wrapping ErrConfig
// that names the first problem, or nil.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(c.Host) == "" || strings.ContainsAny(c.Host, " \r\n/") {
		return bad("host %q", c.Host)
	}
	if c.Port < 1 || c.Port > 65535 {
		return bad("port %d is not 1-65535", c.Port)
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return bad("TLS mode %q is not none, starttls or tls", c.TLS)
	}
	if _, err := parseFrom(c.From); err != nil {
		return bad("from: %v", err)
	}
	if c.Timeout < 0 {
		return bad("negative timeout")
	}
	if strings.ContainsAny(c.Username+c.Password+c.HelloName, "\r\n") {
		return bad("line break in username, password or hello name")
	}
	if c.Username != "" && c.TLS == TLSNone && !isLocalhost(c.Host) {
		return bad("a password is sent only over TLS or to localhost; set TLS to starttls or tls")
	}
	return nil
}

// String describes the configuration with the password masked, for the
// start-up log.
func (c Config) String() string {
	pw := ""
	if c.Password != "" {
		pw = "***"
	}
	return fmt.Sprintf("smtp://%s@%s (tls=%s, password=%s, from=%s, timeout=%s)",
		c.Username, net.JoinHostPort(c.Host, strconv.Itoa(c.Port)), c.TLS, pw, c.From, c.timeout())
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Message is one e-mail. Text is required; HTML, when set, is sent as an
// alternative to it.
type Message struct {
	To      []string // bare addresses or "Name <address>"
	Subject string
	Text    string
	HTML    string
}

// Sender sends messages. Implementations return an error wrapping
// ErrMessage for a message that cannot be sent, and a *SendError when the
// server or the network fails.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SendError is a failure while talking to the SMTP server: the step
// ("dial", "hello", "starttls", "auth", "mail", "rcpt", "data", "quit"),
// the recipient for "rcpt", and the cause (a *textproto.Error with the
// server's code, a net.Error, os.ErrDeadlineExceeded ...).
type SendError struct {
	Server    string
	Step      string
	Recipient string
	Err       error
}

// Error says which step failed on which server, and why.
func (e *SendError) Error() string {
	if e.Recipient != "" {
		return fmt.Sprintf("mail: %s refused at %s for %s: %v", e.Server, e.Step, e.Recipient, e.Err)
	}
	return fmt.Sprintf("mail: %s failed at %s: %v", e.Server, e.Step, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }

// Timeout reports whether the step failed because the time ran out.
func (e *SendError) Timeout() bool {
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout() || errors.Is(e.Err, context.DeadlineExceeded)
}

// parseFrom parses the sender address.
func parseFrom(s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, ErrHeaderInjection
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", s, err)
	}
	return a, nil
}
