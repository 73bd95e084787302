package mail

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func send(t *testing.T, cfg Config, m Message) error {
	t.Helper()
	s, err := NewSMTP(cfg)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	s.now = func() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CET", 3600)) }
	return s.Send(context.Background(), m)
}

// parse reads the received bytes as a mail message, checking first that
// every line ends in CRLF and none is longer than RFC 5322 allows.
func parse(t *testing.T, data []byte) *mail.Message {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("message does not end with CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.IndexByte(line, '\n') >= 0 || bytes.IndexByte(line, '\r') >= 0 {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i+1, len(line))
		}
		for _, b := range line {
			if b >= 0x80 {
				t.Errorf("line %d has a non-ASCII byte: %q", i+1, line)
				break
			}
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	return m
}

func decodeHeader(t *testing.T, v string) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(v)
	if err != nil {
		t.Fatalf("decoding %q: %v", v, err)
	}
	return s
}

func readQP(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatalf("quoted-printable: %v", err)
	}
	return string(b)
}

func TestSendPlainText(t *testing.T) {
	srv := startServer(t)
	text := "Beste coördinator,\n\nEr is een nieuwe vraag over lassen (€ 1.450 per cursist).\n" +
		".Deze regel begint met een punt.\n" + strings.Repeat("Een heel lange regel zonder einde ", 8) + "\n"
	subject := "Nieuwe vraag aan het één loket: PLC-cursus voor 5 monteurs — graag vóór vrijdag oppakken"
	err := send(t, srv.config(TLSNone), Message{To: []string{"Coördinator <coord@twente.example>", "second@twente.example"},
		Subject: subject, Text: text})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.last(t)
	if got.From != "noreply@talentloket.example" {
		t.Errorf("MAIL FROM %q", got.From)
	}
	if strings.Join(got.Rcpts, ",") != "coord@twente.example,second@twente.example" {
		t.Errorf("RCPT TO %v", got.Rcpts)
	}
	if got.Helo != "localhost" || got.TLS || got.AuthUser != "" {
		t.Errorf("session %+v", got)
	}
	m := parse(t, got.Data)
	h := m.Header
	for _, tc := range []struct{ name, want string }{
		{"From", `"Talentloket" <noreply@talentloket.example>`},
		{"Date", "Mon, 02 Mar 2026 09:30:00 +0100"},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := h.Get(tc.name); v != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, v, tc.want)
			}
		})
	}
	if !strings.Contains(string(got.Data), "Subject: =?utf-8?q?") {
		t.Errorf("subject not Q-encoded:\n%s", got.Data)
	}
	if s := decodeHeader(t, h.Get("Subject")); s != subject {
		t.Errorf("subject decodes to %q", s)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "Coördinator" || to[0].Address != "coord@twente.example" {
		t.Errorf("To: %v %v", to, err)
	}
	if !regexp.MustCompile(`^<[0-9a-f]{32}@talentloket\.example>$`).MatchString(h.Get("Message-ID")) {
		t.Errorf("Message-ID %q", h.Get("Message-ID"))
	}
	if body := readQP(t, m.Body); body != strings.ReplaceAll(text, "\n", "\r\n") {
		t.Errorf("body decodes to %q", body)
	}
	if !bytes.Contains(got.Data, []byte("\r\n.Deze regel")) {
		t.Errorf("the line starting with a dot did not survive dot-stuffing")
	}
	if !strings.HasPrefix(got.Commands[len(got.Commands)-1], "QUIT") {
		t.Errorf("last command %q, want QUIT", got.Commands[len(got.Commands)-1])
	}
}

func TestSendMultipartAlternative(t *testing.T) {
	srv := startServer(t)
	msg := Message{To: []string{"a@school.example"}, Subject: "Digest", Text: "Platte tekst: één vraag.",
		HTML: "<p>HTML: <b>één</b> vraag.</p>"}
	if err := send(t, srv.config(TLSNone), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}
	m := parse(t, srv.last(t).Data)
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	want := []struct{ typ, body string }{{"text/plain; charset=utf-8", msg.Text + "\r\n"}, {"text/html; charset=utf-8", msg.HTML + "\r\n"}}
	for i, w := range want {
		p, err := mr.NextRawPart()
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if ct := p.Header.Get("Content-Type"); ct != w.typ {
			t.Errorf("part %d Content-Type %q, want %q", i, ct, w.typ)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("part %d encoding %q", i, cte)
		}
		if body := readQP(t, p); body != w.body {
			t.Errorf("part %d body %q, want %q", i, body, w.body)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("want two parts, then EOF; got %v", err)
	}
}

func TestSendTLS(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	tests := []struct {
		name string
		opts []serverOption
		mode TLSMode
		user string
	}{
		{"starttls without auth", []serverOption{withTLS(serverTLS)}, TLSStartTLS, ""},
		{"starttls with auth plain", []serverOption{withTLS(serverTLS), withAuth()}, TLSStartTLS, "desk@twente"},
		{"implicit tls with auth plain", []serverOption{withImplicitTLS(serverTLS), withAuth()}, TLSImplicit, "desk@twente"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.opts...)
			cfg := srv.config(tc.mode)
			cfg.TLSConfig, cfg.Username, cfg.Password = clientTLS, tc.user, "geheim wachtwoord"
			if err := send(t, cfg, Message{To: []string{"x@y.example"}, Subject: "TLS", Text: "hallo"}); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.last(t)
			if !got.TLS {
				t.Error("message was not sent over TLS")
			}
			if got.AuthUser != tc.user || tc.user != "" && got.AuthPass != "geheim wachtwoord" {
				t.Errorf("auth %q/%q", got.AuthUser, got.AuthPass)
			}
			if len(got.Data) == 0 {
				t.Error("no data received")
			}
			for _, c := range got.Commands {
				if strings.HasPrefix(c, "AUTH") && tc.mode == TLSStartTLS && !slicesContainsBefore(got.Commands, "STARTTLS", c) {
					t.Error("AUTH sent before STARTTLS")
				}
			}
		})
	}
}

func slicesContainsBefore(cmds []string, first, later string) bool {
	for _, c := range cmds {
		if c == later {
			return false
		}
		if c == first {
			return true
		}
	}
	return false
}

func TestSendTLSErrors(t *testing.T) {
	t.Run("starttls required but not offered", func(t *testing.T) {
		srv := startServer(t)
		err := send(t, srv.config(TLSStartTLS), Message{To: []string{"x@y.example"}, Subject: "s", Text: "t"})
		var se *SendError
		if !errors.Is(err, ErrNoStartTLS) || !errors.As(err, &se) || se.Step != "starttls" {
			t.Fatalf("got %v, want ErrNoStartTLS at step starttls", err)
		}
		if got := srv.last(t); got.From != "" || len(got.Data) != 0 {
			t.Errorf("sent in the clear after all: %+v", got)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		serverTLS, _ := selfSigned(t)
		srv := startServer(t, withTLS(serverTLS))
		err := send(t, srv.config(TLSStartTLS), Message{To: []string{"x@y.example"}, Subject: "s", Text: "t"})
		var se *SendError
		if !errors.As(err, &se) || se.Step != "starttls" || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("got %v, want a certificate error at starttls", err)
		}
	})
	t.Run("auth configured but not offered", func(t *testing.T) {
		srv := startServer(t)
		cfg := srv.config(TLSNone)
		cfg.Username, cfg.Password = "u", "p"
		err := send(t, cfg, Message{To: []string{"x@y.example"}, Subject: "s", Text: "t"})
		if !errors.Is(err, ErrAuthUnavailable) {
			t.Fatalf("got %v, want ErrAuthUnavailable", err)
		}
	})
	t.Run("auth plain in the clear to localhost is allowed", func(t *testing.T) {
		srv := startServer(t, withAuth())
		cfg := srv.config(TLSNone)
		cfg.Username, cfg.Password = "u", "p"
		if err := send(t, cfg, Message{To: []string{"x@y.example"}, Subject: "s", Text: "t"}); err != nil {
			t.Fatal(err)
		}
		if got := srv.last(t); got.AuthUser != "u" {
			t.Errorf("auth user %q", got.AuthUser)
		}
	})
}

func TestSendRecipientRefused(t *testing.T) {
	srv := startServer(t, withRefusal("nobody@twente.example", "550 5.1.1 <nobody@twente.example>: user unknown"))
	err := send(t, srv.config(TLSNone), Message{To: []string{"ok@twente.example", "nobody@twente.example"}, Subject: "s", Text: "t"})
	var se *SendError
	if !errors.As(err, &se) || se.Step != "rcpt" || se.Recipient != "nobody@twente.example" {
		t.Fatalf("got %v, want a SendError at rcpt for nobody@", err)
	}
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 550 {
		t.Errorf("want the server's 550 in the chain, got %v", err)
	}
	if !strings.Contains(err.Error(), "user unknown") {
		t.Errorf("error %q does not carry the server's reply", err)
	}
	if got := srv.last(t); len(got.Data) != 0 {
		t.Error("message was sent although a recipient was refused")
	}
}

func TestSendNetworkErrors(t *testing.T) {
	msg := Message{To: []string{"x@y.example"}, Subject: "s", Text: "t"}
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		err = send(t, Config{Host: "127.0.0.1", Port: port, From: "a@b.example", TLS: TLSNone, Timeout: 2 * time.Second}, msg)
		var se *SendError
		if !errors.As(err, &se) || se.Step != "dial" || !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("got %v, want connection refused at dial", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		srv := startServer(t, withSilence())
		cfg := srv.config(TLSNone)
		cfg.Timeout = 300 * time.Millisecond
		start := time.Now()
		err := send(t, cfg, msg)
		var se *SendError
		if !errors.As(err, &se) || !se.Timeout() || se.Step != "greeting" {
			t.Fatalf("got %v, want a timeout at the greeting", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		srv := startServer(t, withSilence())
		s, err := NewSMTP(srv.config(TLSNone))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		err = s.Send(ctx, msg)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded in the chain", err)
		}
	})
}

func TestHeaderInjection(t *testing.T) {
	srv := startServer(t)
	tests := []struct {
		name string
		m    Message
	}{
		{"subject CRLF", Message{To: []string{"a@b.example"}, Subject: "Hallo\r\nBcc: evil@x.example", Text: "t"}},
		{"subject LF", Message{To: []string{"a@b.example"}, Subject: "Hallo\nBcc: evil@x.example", Text: "t"}},
		{"recipient LF", Message{To: []string{"a@b.example\nBcc: evil@x.example"}, Subject: "s", Text: "t"}},
		{"recipient CR", Message{To: []string{"a@b.example\rX: y"}, Subject: "s", Text: "t"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := send(t, srv.config(TLSNone), tc.m); !errors.Is(err, ErrHeaderInjection) {
				t.Errorf("got %v, want ErrHeaderInjection", err)
			}
		})
	}
	if n := len(srv.got()); n != 0 {
		t.Errorf("server saw %d connections, want none", n)
	}
	cfg := srv.config(TLSNone)
	cfg.From = "noreply@x.example\r\nBcc: evil@x.example"
	if _, err := NewSMTP(cfg); !errors.Is(err, ErrConfig) {
		t.Errorf("From with CRLF: got %v, want ErrConfig", err)
	}
}

func TestMessageErrors(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"no recipient", Message{Subject: "s", Text: "t"}},
		{"bad recipient", Message{To: []string{"not an address"}, Subject: "s", Text: "t"}},
		{"empty subject", Message{To: []string{"a@b.example"}, Subject: " ", Text: "t"}},
		{"empty text", Message{To: []string{"a@b.example"}, Subject: "s"}},
		{"too many recipients", Message{To: strings.Split(strings.Repeat("a@b.example,", MaxRecipients+1), ",")[:MaxRecipients+1], Subject: "s", Text: "t"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Compose("a@b.example", tc.m, time.Now(), ""); !errors.Is(err, ErrMessage) {
				t.Errorf("got %v, want ErrMessage", err)
			}
		})
	}
}

func TestComposeFoldsLongHeaders(t *testing.T) {
	subject := strings.Repeat("Woord ", 30) + "één einde"
	to := make([]string, 8)
	for i := range to {
		to[i] = "ontvanger" + string(rune('a'+i)) + "@een-lange-domeinnaam.example"
	}
	data, err := Compose("a@b.example", Message{To: to, Subject: subject, Text: "t"}, time.Now(), "id@b.example")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	for _, l := range bytes.Split(head, []byte("\r\n")) {
		if len(l) > maxLine && !bytes.HasPrefix(l, []byte("Subject: =?")) {
			t.Errorf("header line of %d characters: %q", len(l), l)
		}
	}
	m := parse(t, data)
	if s := decodeHeader(t, m.Header.Get("Subject")); s != subject {
		t.Errorf("subject %q", s)
	}
	if list, err := m.Header.AddressList("To"); err != nil || len(list) != len(to) {
		t.Errorf("To: %v %v", list, err)
	}
	if m.Header.Get("Message-ID") != "<id@b.example>" {
		t.Errorf("Message-ID %q", m.Header.Get("Message-ID"))
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Host: "smtp.example.nl", Port: 587, From: "noreply@talentloket.example", TLS: TLSStartTLS, Username: "u", Password: "p"}
	tests := []struct {
		name   string
		change func(*Config)
		valid  bool
	}{
		{"valid", func(*Config) {}, true},
		{"no host", func(c *Config) { c.Host = "" }, false},
		{"port 0", func(c *Config) { c.Port = 0 }, false},
		{"port too big", func(c *Config) { c.Port = 70000 }, false},
		{"unknown tls mode", func(c *Config) { c.TLS = "maybe" }, false},
		{"bad from", func(c *Config) { c.From = "nobody" }, false},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, false},
		{"password in the clear to a remote host", func(c *Config) { c.TLS = TLSNone }, false},
		{"password in the clear to localhost", func(c *Config) { c.TLS, c.Host = TLSNone, "localhost" }, true},
		{"no auth in the clear", func(c *Config) { c.TLS, c.Username, c.Password = TLSNone, "", "" }, true},
		{"implicit tls", func(c *Config) { c.TLS, c.Port = TLSImplicit, 465 }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.change(&c)
			err := c.Validate()
			if tc.valid != (err == nil) {
				t.Errorf("Validate() = %v, want valid=%v", err, tc.valid)
			}
			if err != nil && !errors.Is(err, ErrConfig) {
				t.Errorf("error %v does not wrap ErrConfig", err)
			}
		})
	}
	if s := ok.String(); strings.Contains(s, "p,") || !strings.Contains(s, "password=***") {
		t.Errorf("String() = %q leaks or omits the masked password", s)
	}
}

// FuzzCompose checks that no input makes Compose panic, and that what it
// accepts is a well-formed message whose headers hold no injected line.
func FuzzCompose(f *testing.F) {
	f.Add("a@b.example", "Onderwerp: één", "Tekst\r\n.punt\n", "<p>x</p>")
	f.Add("x\r\nBcc: y@z", "s", "t", "")
	f.Add("\"Naam, Komma\" <n@x.example>", "=?utf-8?q?x?=", strings.Repeat("é", 200), "")
	f.Fuzz(func(t *testing.T, to, subject, text, html string) {
		data, err := Compose("Talentloket <noreply@x.example>", Message{To: []string{to}, Subject: subject, Text: text, HTML: html}, time.Unix(0, 0), "")
		if err != nil {
			return
		}
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("accepted message does not parse: %v\n%q", err, data)
		}
		for k := range m.Header {
			switch k {
			case "From", "To", "Subject", "Date", "Message-Id", "Mime-Version", "Auto-Submitted", "Content-Type", "Content-Transfer-Encoding":
			default:
				t.Fatalf("unexpected header %q in %q", k, data)
			}
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("bare LF in %q", data)
		}
	})
}
