package mail

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer is a minimal SMTP server (RFC 5321) for the tests: EHLO/HELO,
// STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT. It records
// what every session received, byte for byte, so the tests check what our
// mailer really puts on the wire. It is not a mock of our code: the client
// side is the real net/smtp conversation.
type testServer struct {
	t        *testing.T
	ln       net.Listener
	tls      *tls.Config // offer STARTTLS when set (and not implicit)
	implicit bool        // speak TLS from the first byte
	auth     bool        // offer AUTH PLAIN
	silent   bool        // accept connections but never answer
	refuse   map[string]string

	mu       sync.Mutex
	sessions []*session
	conns    []net.Conn
	wg       sync.WaitGroup
}

// session is what one connection did.
type session struct {
	Helo     string
	TLS      bool
	AuthUser string
	AuthPass string
	From     string
	Rcpts    []string
	Data     []byte // the message as received, CRLF kept, dot-stuffing undone
	Commands []string
}

type serverOption func(*testServer)

func withTLS(cfg *tls.Config) serverOption { return func(s *testServer) { s.tls = cfg } }
func withImplicitTLS(cfg *tls.Config) serverOption {
	return func(s *testServer) { s.tls, s.implicit = cfg, true }
}
func withAuth() serverOption    { return func(s *testServer) { s.auth = true } }
func withSilence() serverOption { return func(s *testServer) { s.silent = true } }

// withRefusal makes RCPT TO the address fail with the reply.
func withRefusal(addr, reply string) serverOption {
	return func(s *testServer) { s.refuse[strings.ToLower(addr)] = reply }
}

func startServer(t *testing.T, opts ...serverOption) *testServer {
	t.Helper()
	s := &testServer{t: t, refuse: map[string]string{}}
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	if s.implicit {
		ln = tls.NewListener(ln, s.tls)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *testServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *testServer) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			sess := &session{TLS: s.implicit}
			s.mu.Lock()
			s.sessions = append(s.sessions, sess)
			s.conns = append(s.conns, conn)
			s.mu.Unlock()
			if s.silent {
				// Hold the connection until the client gives up.
				_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				_, _ = conn.Read(make([]byte, 1))
				return
			}
			s.serve(conn, sess)
		}()
	}
}

// got returns a copy of the sessions so far.
func (s *testServer) got() []session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]session, len(s.sessions))
	for i, p := range s.sessions {
		out[i] = *p
	}
	return out
}

// last returns the only session, failing the test when there is not
// exactly one.
func (s *testServer) last(t *testing.T) session {
	t.Helper()
	got := s.got()
	if len(got) != 1 {
		t.Fatalf("server saw %d sessions, want 1", len(got))
	}
	return got[0]
}

func (s *testServer) serve(conn net.Conn, sess *session) {
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	set := func(f func()) { s.mu.Lock(); f(); s.mu.Unlock() }
	reply("220 test.local ESMTP ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		set(func() { sess.Commands = append(sess.Commands, line) })
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			set(func() { sess.Helo = arg })
			ext := []string{"250-test.local greets " + arg, "250-8BITMIME", "250-PIPELINING"}
			if s.tls != nil && !sess.TLS {
				ext = append(ext, "250-STARTTLS")
			}
			if s.auth {
				ext = append(ext, "250-AUTH PLAIN LOGIN")
			}
			ext = append(ext, "250 SIZE 10240000")
			reply(ext...)
		case "HELO":
			set(func() { sess.Helo = arg })
			reply("250 test.local")
		case "STARTTLS":
			if s.tls == nil || sess.TLS {
				reply("502 5.5.1 not available")
				continue
			}
			reply("220 2.0.0 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn = tc
			set(func() { sess.TLS = true })
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
			set(func() { sess.Helo = "" }) // the client must greet again
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !s.auth || !strings.EqualFold(mech, "PLAIN") {
				reply("504 5.5.4 unrecognised authentication type")
				continue
			}
			if resp == "" {
				reply("334 ")
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				resp = strings.TrimSpace(l)
			}
			raw, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 {
				reply("501 5.5.2 cannot decode")
				continue
			}
			set(func() { sess.AuthUser, sess.AuthPass = parts[1], parts[2] })
			reply("235 2.7.0 authenticated")
		case "MAIL":
			set(func() { sess.From = addrArg(arg) })
			reply("250 2.1.0 ok")
		case "RCPT":
			a := addrArg(arg)
			if msg, no := s.refuse[strings.ToLower(a)]; no {
				reply(msg)
				continue
			}
			set(func() { sess.Rcpts = append(sess.Rcpts, a) })
			reply("250 2.1.5 ok")
		case "DATA":
			if sess.From == "" || len(sess.Rcpts) == 0 {
				reply("503 5.5.1 need MAIL and RCPT first")
				continue
			}
			reply("354 end data with <CR><LF>.<CR><LF>")
			var data []byte
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data = append(data, strings.TrimPrefix(l, ".")...)
			}
			set(func() { sess.Data = data })
			reply("250 2.0.0 queued")
		case "RSET":
			set(func() { sess.From, sess.Rcpts = "", nil })
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("500 5.5.2 unknown command")
		}
	}
}

// addrArg returns the address of "FROM:<a@b> BODY=8BITMIME".
func addrArg(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

// selfSigned returns a server TLS config with a fresh self-signed
// certificate for localhost and 127.0.0.1, and a client config that trusts
// it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	return server, &tls.Config{RootCAs: pool}
}

// config returns a client configuration for the server.
func (s *testServer) config(mode TLSMode) Config {
	return Config{Host: "127.0.0.1", Port: s.port(), From: "Talentloket <noreply@talentloket.example>", TLS: mode,
		Timeout: 5 * time.Second}
}
