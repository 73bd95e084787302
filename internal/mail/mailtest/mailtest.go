// Package mailtest runs a real, minimal SMTP server on the loopback
// interface for tests of the parts that send mail: the test starts it,
// points the mailer's configuration at it and reads what arrived. It speaks
// plain SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) the way the
// mail package's own tests do; the client side is the real mailer, not a
// stand-in.
package mailtest

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	tlmail "talentloket/internal/mail"
)

// Message is one mail the server accepted.
type Message struct {
	From    string
	To      []string // the envelope recipients
	Data    []byte   // the message as received, CRLF kept, dot-stuffing undone
	Subject string   // decoded
	Text    string   // the decoded text body (single-part messages)
}

// Server is a running test SMTP server.
type Server struct {
	ln     net.Listener
	mu     sync.Mutex
	msgs   []Message
	notify chan struct{}
	wg     sync.WaitGroup
}

// Start starts a server on 127.0.0.1 and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{ln: ln, notify: make(chan struct{}, 1)}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Config returns a mailer configuration that sends to this server.
func (s *Server) Config() tlmail.Config {
	return tlmail.Config{Host: "127.0.0.1", Port: s.ln.Addr().(*net.TCPAddr).Port, From: "Talentloket <noreply@talentloket.test>",
		TLS: tlmail.TLSNone, Timeout: 5 * time.Second}
}

// Messages returns the messages received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages arrived or the timeout passed, and
// returns the messages received.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.notify:
		case <-deadline:
			return s.Messages()
		}
	}
}

func (s *Server) accept() {
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
			s.serve(conn)
		}()
	}
}

func (s *Server) serve(conn net.Conn) {
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	var from string
	var to []string
	reply("220 mailtest ESMTP ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			reply("250-mailtest greets "+arg, "250-8BITMIME", "250 SIZE 10240000")
		case "HELO":
			reply("250 mailtest")
		case "MAIL":
			from, to = addr(arg), nil
			reply("250 2.1.0 ok")
		case "RCPT":
			to = append(to, addr(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			if from == "" || len(to) == 0 {
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
			s.mu.Lock()
			s.msgs = append(s.msgs, decode(from, to, data))
			s.mu.Unlock()
			select {
			case s.notify <- struct{}{}:
			default:
			}
			reply("250 2.0.0 queued")
		case "RSET":
			from, to = "", nil
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

func addr(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}

// decode reads the subject and a single-part quoted-printable text body;
// what it cannot read stays empty (Data always has the message).
func decode(from string, to []string, data []byte) Message {
	m := Message{From: from, To: to, Data: data}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return m
	}
	if s, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = s
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	if b, err := io.ReadAll(body); err == nil {
		m.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	return m
}
