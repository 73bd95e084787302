package mail

import (
	"strings"
	"testing"
	"time"
)

func TestDigest(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	ns := []Notification{
		{To: "Bea@School.example", Subject: "Vraag doorgestuurd", Text: "Vraag 12 is naar u doorgestuurd.", Link: "https://tl.example/loket/12", At: at(11)},
		{To: "ad@bedrijf.example", Subject: "Vraag opgepakt", Text: "Uw vraag is opgepakt.", At: at(9)},
		{To: "bea@school.example", Subject: "Nieuwe opmerking", Text: "Er is een opmerking\nbij vraag 7.", At: at(8)},
		{To: " ", Subject: "no recipient"},
		{To: "bea@school.example", Subject: "Derde", At: at(12)},
	}
	opt := DigestOptions{Subject: "Talentloket: {n} meldingen", Intro: "Dit gebeurde er vandaag.", Footer: "Instellingen: https://tl.example/account",
		More: "... en nog {n} in Talentloket.", MaxItems: 2, Location: time.FixedZone("CET", 3600)}
	got := Digest(ns, opt)
	if len(got) != 2 {
		t.Fatalf("got %d digests, want 2", len(got))
	}
	t.Run("order and recipient", func(t *testing.T) {
		if got[0].To[0] != "ad@bedrijf.example" || got[1].To[0] != "bea@school.example" {
			t.Errorf("recipients %v, %v", got[0].To, got[1].To)
		}
		if got[0].Subject != "Talentloket: 1 meldingen" || got[1].Subject != "Talentloket: 3 meldingen" {
			t.Errorf("subjects %q, %q", got[0].Subject, got[1].Subject)
		}
	})
	t.Run("items oldest first, limited", func(t *testing.T) {
		text := got[1].Text
		want := "Dit gebeurde er vandaag.\n\n" +
			"* 02-03-2026 09:00 - Nieuwe opmerking\n  Er is een opmerking\n  bij vraag 7.\n\n" +
			"* 02-03-2026 12:00 - Vraag doorgestuurd\n  Vraag 12 is naar u doorgestuurd.\n  https://tl.example/loket/12\n\n" +
			"... en nog 1 in Talentloket.\n\n" +
			"Instellingen: https://tl.example/account\n"
		if text != want {
			t.Errorf("text:\n%s\nwant:\n%s", text, want)
		}
	})
	t.Run("a digest goes through a real SMTP conversation", func(t *testing.T) {
		srv := startServer(t)
		if err := send(t, srv.config(TLSNone), got[1]); err != nil {
			t.Fatal(err)
		}
		m := parse(t, srv.last(t).Data)
		if body := readQP(t, m.Body); !strings.Contains(body, "Nieuwe opmerking") {
			t.Errorf("body %q", body)
		}
	})
}

func TestSplitAndMessage(t *testing.T) {
	ns := []Notification{{To: "a@x.example"}, {To: "b@x.example"}, {To: "c@x.example"}, {To: "d@x.example"}}
	modes := map[string]Mode{"a@x.example": Immediate, "b@x.example": Daily, "c@x.example": Off}
	now, held := Split(ns, func(a string) Mode { return modes[a] })
	if len(now) != 2 || now[0].To != "a@x.example" || now[1].To != "d@x.example" {
		t.Errorf("now %v", now)
	}
	if len(held) != 1 || held[0].To != "b@x.example" {
		t.Errorf("held %v", held)
	}
	m := Notification{To: "a@x.example", Subject: "Twee\nregels", Text: "Tekst", Link: "https://x.example/1"}.Message()
	if m.Subject != "Twee regels" || m.Text != "Tekst\n\nhttps://x.example/1\n" {
		t.Errorf("message %+v", m)
	}
	if _, err := Compose("n@x.example", m, time.Now(), ""); err != nil {
		t.Errorf("notification message does not compose: %v", err)
	}
}
