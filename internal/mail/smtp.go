package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SMTP sends mail through the configured SMTP server, one connection per
// message. It is safe for concurrent use.
type SMTP struct {
	cfg Config
	now func() time.Time
}

var _ Sender = (*SMTP)(nil)

// NewSMTP returns a sender for cfg. It returns an error wrapping ErrConfig
// when the configuration is invalid; it does not connect.
func NewSMTP(cfg Config) (*SMTP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &SMTP{cfg: cfg, now: time.Now}, nil
}

// Send composes m and delivers it to the server for all its recipients at
// once. It returns an error wrapping ErrMessage or ErrHeaderInjection for a
// message that cannot be sent (nothing is sent then), and a *SendError
// naming the failed step otherwise: the server cannot be reached, STARTTLS
// or AUTH is missing (wrapping ErrNoStartTLS or ErrAuthUnavailable), the
// server refuses the sender or a recipient (with the server's reply), or
// the time runs out (Config.Timeout or ctx). A refused recipient aborts the
// whole message, so no recipient gets a partial delivery.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	env, err := check(s.cfg.From, m)
	if err != nil {
		return err
	}
	data, err := compose(env, m, s.now(), "")
	if err != nil {
		return err
	}
	return s.deliver(ctx, env, data)
}

func (s *SMTP) tlsConfig() *tls.Config {
	var c *tls.Config
	if s.cfg.TLSConfig != nil {
		c = s.cfg.TLSConfig.Clone()
	} else {
		c = &tls.Config{}
	}
	if c.ServerName == "" {
		c.ServerName = s.cfg.Host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// deliver runs the SMTP conversation.
func (s *SMTP) deliver(ctx context.Context, env envelope, data []byte) (err error) {
	cfg := s.cfg
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	fail := func(step, rcpt string, cause error) error {
		ctxErr := ctx.Err()
		if d, ok := ctx.Deadline(); ctxErr == nil && ok && !time.Now().Before(d) {
			// The connection's deadline is ctx's and fired first.
			ctxErr = context.DeadlineExceeded
		}
		if ctxErr != nil {
			cause = fmt.Errorf("%w: %w", ctxErr, cause)
		}
		return &SendError{Server: addr, Step: step, Recipient: rcpt, Err: cause}
	}
	deadline := time.Now().Add(cfg.timeout())
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	if cfg.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig()}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fail("dial", "", err)
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fail("dial", "", err)
	}
	// Cancelling ctx unblocks any read or write at once.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		conn.Close()
		return fail("greeting", "", err)
	}
	defer c.Close()
	hello := cfg.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fail("hello", "", err)
	}
	if cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail("starttls", "", ErrNoStartTLS)
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fail("starttls", "", err)
		}
	}
	if cfg.Username != "" {
		ok, mechs := c.Extension("AUTH")
		if !ok || !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
			return fail("auth", "", ErrAuthUnavailable)
		}
		// net/smtp's PlainAuth itself refuses to send the password
		// without TLS unless the server is localhost.
		if err := c.Auth(smtp.PlainAuth("", cfg.Username, cfg.Password, cfg.Host)); err != nil {
			return fail("auth", "", err)
		}
	}
	if err := c.Mail(env.from.Address); err != nil {
		return fail("mail", "", err)
	}
	for _, a := range env.to {
		if err := c.Rcpt(a.Address); err != nil {
			return fail("rcpt", a.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail("data", "", err)
	}
	if _, err := w.Write(data); err != nil {
		return fail("data", "", err)
	}
	if err := w.Close(); err != nil {
		return fail("data", "", err)
	}
	// The server has accepted the message; a failing QUIT does not undo
	// that, so it is not an error.
	_ = c.Quit()
	return nil
}
