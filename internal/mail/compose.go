package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Limits on a message.
const (
	MaxRecipients = 100
	MaxBody       = 2 << 20 // bytes, per part
	maxLine       = 78      // header lines are folded to this length where possible
)

// envelope is a checked message: the sender and recipients for SMTP.
type envelope struct {
	from *mail.Address
	to   []*mail.Address
}

// check validates m for sender from and returns the envelope. Errors wrap
// ErrHeaderInjection or ErrMessage.
func check(from string, m Message) (envelope, error) {
	var env envelope
	f, err := parseFrom(from)
	if err != nil {
		return env, fmt.Errorf("%w: from: %w", ErrMessage, err)
	}
	env.from = f
	if strings.ContainsAny(m.Subject, "\r\n") {
		return env, fmt.Errorf("%w: subject", ErrHeaderInjection)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return env, fmt.Errorf("%w: empty subject", ErrMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return env, fmt.Errorf("%w: empty text", ErrMessage)
	}
	if len(m.Text) > MaxBody || len(m.HTML) > MaxBody {
		return env, fmt.Errorf("%w: body larger than %d bytes", ErrMessage, MaxBody)
	}
	if len(m.To) == 0 {
		return env, fmt.Errorf("%w: no recipient", ErrMessage)
	}
	if len(m.To) > MaxRecipients {
		return env, fmt.Errorf("%w: more than %d recipients", ErrMessage, MaxRecipients)
	}
	seen := map[string]bool{}
	for _, s := range m.To {
		if strings.ContainsAny(s, "\r\n") {
			return env, fmt.Errorf("%w: recipient %q", ErrHeaderInjection, s)
		}
		a, err := mail.ParseAddress(s)
		if err != nil {
			return env, fmt.Errorf("%w: recipient %q: %w", ErrMessage, s, err)
		}
		if k := strings.ToLower(a.Address); !seen[k] {
			seen[k] = true
			env.to = append(env.to, a)
		}
	}
	return env, nil
}

// Compose returns message m from sender from as it goes over the wire:
// headers (From, To, Subject, Date, Message-ID, MIME-Version,
// Auto-Submitted, Content-Type, Content-Transfer-Encoding), CRLF line
// ends, quoted-printable UTF-8 bodies, multipart/alternative when m.HTML is
// set. SMTP dot-stuffing is left to the transport. messageID is the part
// between the angle brackets; "" makes a random one at the sender's domain.
// It returns an error wrapping ErrHeaderInjection or ErrMessage for a
// message that cannot be sent.
func Compose(from string, m Message, date time.Time, messageID string) ([]byte, error) {
	env, err := check(from, m)
	if err != nil {
		return nil, err
	}
	return compose(env, m, date, messageID)
}

func compose(env envelope, m Message, date time.Time, messageID string) ([]byte, error) {
	if messageID == "" {
		messageID = newMessageID(env.from.Address)
	}
	if strings.ContainsAny(messageID, "\r\n<> ") {
		return nil, fmt.Errorf("%w: message id %q", ErrHeaderInjection, messageID)
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name+": "+value) + "\r\n")
	}
	header("From", env.from.String())
	to := make([]string, len(env.to))
	for i, a := range env.to {
		to[i] = a.String()
	}
	header("To", strings.Join(to, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+messageID+">")
	header("MIME-Version", "1.0")
	header("Auto-Submitted", "auto-generated")
	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("mail: composing %s part: %w", part.typ, err)
		}
		if err := writeQP(w, part.text); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("mail: composing: %w", err)
	}
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// writeQP writes s quoted-printable with CRLF line ends and a final line
// end.
func writeQP(w io.Writer, s string) error {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(s)); err != nil {
		return fmt.Errorf("mail: encoding body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("mail: encoding body: %w", err)
	}
	return nil
}

// fold breaks a header line at spaces so that lines stay within maxLine
// characters where a space allows; continuation lines start with the space.
// The field name stays on one line with the first word of its value (an
// encoded word is up to 75 characters, so that line can be a little
// longer), well within the 998 characters RFC 5322 allows.
func fold(line string) string {
	if len(line) <= maxLine {
		return line
	}
	var b strings.Builder
	cur := 0 // length of the current output line
	for i, word := range strings.Split(line, " ") {
		if i > 0 {
			if cur+1+len(word) > maxLine && i > 1 {
				b.WriteString("\r\n")
				cur = 0
			}
			b.WriteByte(' ')
			cur++
		}
		b.WriteString(word)
		cur += len(word)
	}
	return b.String()
}

// newMessageID returns a random id at the domain of addr.
func newMessageID(addr string) string {
	var r [16]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails
	domain := "talentloket.invalid"
	if at := strings.LastIndexByte(addr, '@'); at >= 0 && at < len(addr)-1 {
		domain = addr[at+1:]
	}
	return hex.EncodeToString(r[:]) + "@" + domain
}
