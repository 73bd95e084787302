package domain

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseIdentifiers(t *testing.T) {
	cases := []struct {
		name  string
		parse func(string) (string, error)
		in    string
		want  string // "" = invalid
	}{
		{"postcode", ParsePostcode, "7511AB", "7511 AB"},
		{"postcode spaces", ParsePostcode, " 7511 ab ", "7511 AB"},
		{"postcode leading zero", ParsePostcode, "0511AB", ""},
		{"postcode SS", ParsePostcode, "1234SS", ""},
		{"postcode SA", ParsePostcode, "1234 SA", ""},
		{"postcode short", ParsePostcode, "751AB", ""},
		{"postcode letters first", ParsePostcode, "AB7511", ""},
		{"pc4", ParsePC4, "7511", "7511"},
		{"pc4 bad", ParsePC4, "0751", ""},
		{"kvk", ParseKvK, "12345678", "12345678"},
		{"kvk dots", ParseKvK, "12.34.56.78", "12345678"},
		{"kvk short", ParseKvK, "1234567", ""},
		{"kvk letters", ParseKvK, "1234567a", ""},
		{"brin", ParseBRIN, "25lx", "25LX"},
		{"brin digits", ParseBRIN, "0023", "0023"},
		{"brin letters first", ParseBRIN, "AB12", ""},
		{"brin long", ParseBRIN, "25LX00", ""},
		{"crebo", ParseCrebo, "25340", "25340"},
		{"crebo short", ParseCrebo, "2534", ""},
		{"crebo letters", ParseCrebo, "2534a", ""},
		{"email", ParseEmail, " Jan.Jansen@Example.NL ", "jan.jansen@example.nl"},
		{"email display name", ParseEmail, "Jan <jan@example.nl>", ""},
		{"email no dot", ParseEmail, "jan@localhost", ""},
		{"email no at", ParseEmail, "jan.example.nl", ""},
		{"email trailing dot", ParseEmail, "jan@example.nl.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.parse(c.in)
			if c.want == "" {
				if err == nil || !errors.Is(err, ErrInvalid) {
					t.Fatalf("%q accepted as %q (err %v)", c.in, got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("%q: got %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	for in, ok := range map[[2]string]bool{{"GM", "GM0153"}: true, {"GM", "gm0153"}: true, {"GM", "GM153"}: false, {"AM", "AM05"}: true,
		{"AM", "AM5"}: false, {"CR", "CR12"}: true, {"PV", "PV2"}: false} {
		if _, err := ParseCBSCode(in[0], in[1]); (err == nil) != ok {
			t.Errorf("ParseCBSCode(%s, %s): %v", in[0], in[1], err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{"21-11-2026": "2026-11-21", "2026-11-21": "2026-11-21", "1-2-2027": "2027-02-01", "01/02/2027": "2027-02-01"} {
		d, err := ParseDate(in)
		if err != nil || d.Format("2006-01-02") != want {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	for _, bad := range []string{"", "31-02-2027", "2027/02/01", "morgen", "01-01-0001"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestTags(t *testing.T) {
	got := NormaliseTags("PLC, lassen; Lassen\n  Auto CAD ,,|SolidWorks")
	want := []string{"plc", "lassen", "auto cad", "solidworks"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tags %v", got)
	}
	if got := NormaliseTags(strings.Repeat("x", 100)); len([]rune(got[0])) != 40 {
		t.Fatalf("long tag kept %d runes", len(got[0]))
	}
}

func TestPeriod(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	a := Period{Start: d("2027-02-01"), End: d("2027-06-30")}
	cases := []struct {
		b    Period
		want bool
	}{
		{Period{Start: d("2027-06-30"), End: d("2027-08-01")}, true},
		{Period{Start: d("2027-07-01")}, false},
		{Period{End: d("2027-01-31")}, false},
		{Period{End: d("2027-02-01")}, true},
		{Period{}, true},
	}
	for i, c := range cases {
		if got := a.Overlaps(c.b); got != c.want || c.b.Overlaps(a) != c.want {
			t.Errorf("case %d: overlap %v", i, got)
		}
	}
	if (Period{Start: d("2027-02-02"), End: d("2027-02-01")}).Valid() {
		t.Fatal("end before start accepted")
	}
}

func TestDistance(t *testing.T) {
	enschede, hengelo := Point{52.2215, 6.8937}, Point{52.2658, 6.7931}
	if d := DistanceKm(enschede, hengelo); d < 8 || d > 9 {
		t.Fatalf("Enschede-Hengelo %.2f km", d)
	}
	if DistanceKm(enschede, enschede) != 0 {
		t.Fatal("zero distance")
	}
	if (Point{48.8, 2.3}).InNetherlands() || !enschede.InNetherlands() {
		t.Fatal("bounding box")
	}
}

func TestApplicationWorkflow(t *testing.T) {
	// Every (status, action) pair: allowed ones lead where the workflow
	// says; all others are conflicts (no skipping, nothing after the end).
	allowed := map[ApplicationStatus]map[AppAction]ApplicationStatus{
		AppSubmitted: {ActInvite: AppInvited, ActOffer: AppOffered, ActReject: AppRejected, ActWithdraw: AppWithdrawn},
		AppInvited:   {ActOffer: AppOffered, ActReject: AppRejected, ActWithdraw: AppWithdrawn},
		AppOffered:   {ActAccept: AppAccepted, ActDecline: AppDeclined, ActWithdraw: AppWithdrawn},
	}
	for _, st := range ApplicationStatuses {
		for _, act := range AppActions {
			next, err := st.Next(act)
			want, ok := allowed[st][act]
			switch {
			case ok && (err != nil || next != want):
				t.Errorf("%s --%s--> %s, %v; want %s", st, act, next, err, want)
			case !ok && ErrorCode(err) != CodeConflict:
				t.Errorf("%s --%s--> allowed (%v)", st, act, err)
			}
		}
		if st.Final() != (len(allowed[st]) == 0) {
			t.Errorf("%s: Final = %v", st, st.Final())
		}
	}
	if _, err := AppSubmitted.Next("promote"); ErrorCode(err) != CodeInvalid {
		t.Fatalf("unknown action: %v", err)
	}
	if got := ActionsFrom(AppOffered, SideStudent); !reflect.DeepEqual(got, []AppAction{ActAccept, ActDecline, ActWithdraw}) {
		t.Fatalf("student actions from offered: %v", got)
	}
	if got := ActionsFrom(AppOffered, SidePlacement); len(got) != 0 {
		t.Fatalf("company actions from offered: %v", got)
	}
}

func TestPlacementRules(t *testing.T) {
	company := Organisation{Kind: OrgCompany, Accreditations: []string{"25340"}}
	base := Placement{Kind: KindInternship, Title: "Stage", CompanyID: 1, LocationID: 1, Crebos: []string{"25340"}, Capacity: 2, Languages: []string{"NL", "de"}}
	cases := []struct {
		name  string
		edit  func(*Placement)
		org   Organisation
		field string // "" = valid
		key   string
	}{
		{"valid", func(*Placement) {}, company, "", ""},
		{"not accredited", func(p *Placement) { p.Crebos = []string{"25297"} }, company, "crebos", "invalid.not_accredited"},
		{"internship without crebo", func(p *Placement) { p.Crebos = nil }, company, "crebos", "invalid.crebo_required"},
		{"job without crebo", func(p *Placement) { p.Kind, p.Crebos = KindJob, nil }, company, "", ""},
		{"apprenticeship for BOL", func(p *Placement) { p.Kind, p.Pathway = KindApprenticeship, PathwayBOL }, company, "pathway", "invalid.apprenticeship_bbl"},
		{"internship for BBL", func(p *Placement) { p.Pathway = PathwayBBL }, company, "pathway", "invalid.internship_bol"},
		{"school offers", func(*Placement) {}, Organisation{Kind: OrgSchool}, "company", "invalid.company_required"},
		{"capacity", func(p *Placement) { p.Capacity = 0 }, company, "capacity", "invalid.capacity"},
		{"period", func(p *Placement) {
			p.Period = Period{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)}
		}, company, "end", "invalid.period"},
		{"language", func(p *Placement) { p.Languages = []string{"klingon"} }, company, "languages", "invalid.language"},
		{"hbo internship needs no crebo", func(p *Placement) { p.Stage, p.Crebos = StageHBO, nil }, company, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base
			p.Crebos = append([]string(nil), base.Crebos...)
			p.Languages = append([]string(nil), base.Languages...)
			c.edit(&p)
			err := p.Normalise(c.org)
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var v *ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("want a validation error, got %v", err)
			}
			if fe, ok := v.For(c.field); !ok || fe.Key != c.key {
				t.Fatalf("errors %+v", v.Fields)
			}
		})
	}
	p := base
	_ = p.Normalise(company)
	if !reflect.DeepEqual(p.Languages, []string{"nl", "de"}) || p.Status != PlacementOpen {
		t.Fatalf("normalised %+v", p)
	}
	p.Accepted = 2
	if p.Remaining() != 0 {
		t.Fatal("remaining")
	}
	if err := p.Close("vol", time.Now()); err != nil || p.Status != PlacementClosed {
		t.Fatal("close")
	}
	if err := p.Close("again", time.Now()); ErrorCode(err) != CodeConflict {
		t.Fatal("closing twice")
	}
	st := Student{Stage: StageMBO, Level: 2, Pathway: PathwayBOL}
	if (Placement{Level: 3}).Suits(st) || !(Placement{Level: 2, Pathway: PathwayBOL}).Suits(st) || (Placement{Pathway: PathwayBBL}).Suits(st) {
		t.Fatal("Suits")
	}
}

func TestStudentRules(t *testing.T) {
	s := Student{Name: " Fatima el Amrani ", SchoolID: 1, Stage: StageMBO, Level: 3, Pathway: PathwayBOL, Year: 2, HomePostcode: "7511ab",
		MaxDistanceKm: 25, Languages: []string{"nl", "AR"}, Crebo: "25340"}
	if err := s.Normalise(); err != nil {
		t.Fatal(err)
	}
	if s.Name != "Fatima el Amrani" || s.HomePostcode != "7511 AB" || s.Status != StudentLooking || !s.Wants(KindJob) {
		t.Fatalf("normalised %+v", s)
	}
	bad := s
	bad.Stage, bad.Pathway = StageVMBO, PathwayBOL
	var v *ValidationError
	if err := bad.Normalise(); !errors.As(err, &v) {
		t.Fatal("vmbo student on BOL accepted")
	} else if _, ok := v.For("pathway"); !ok {
		t.Fatalf("errors %+v", v.Fields)
	}
	bad = s
	bad.Level, bad.Year, bad.MaxDistanceKm = 5, 0, 0
	err := bad.Normalise()
	errors.As(err, &v)
	for _, f := range []string{"level", "year", "max_distance_km"} {
		if _, ok := v.For(f); !ok {
			t.Errorf("%s not reported: %+v", f, v.Fields)
		}
	}
}

func TestUserAndPassword(t *testing.T) {
	u := User{RegionID: 1, Email: "A@B.nl", Name: "A", Role: RoleCompany}
	var v *ValidationError
	if err := u.Normalise(); !errors.As(err, &v) {
		t.Fatal("company contact without organisation accepted")
	}
	if ErrorCode(ValidatePassword("kort")) != CodeInvalid || ValidatePassword("lang genoeg!") != nil || ErrorCode(ValidatePassword(strings.Repeat("x", 300))) != CodeInvalid {
		t.Fatal("password rules")
	}
}

func TestErrors(t *testing.T) {
	wrapped := errors.Join(errors.New("ctx"), Errorf(CodeNotFound, "error.page_not_found"))
	if !errors.Is(wrapped, ErrNotFound) || ErrorCode(wrapped) != CodeNotFound {
		t.Fatal("not found")
	}
	if ErrorCode(errors.New("boom")) != CodeInternal || ErrorCode(nil) != "" {
		t.Fatal("internal")
	}
	v := &ValidationError{}
	v.Add("x", "invalid.required")
	if !errors.Is(v, ErrInvalid) || ErrorCode(v) != CodeInvalid {
		t.Fatal("validation")
	}
	if key, _ := ErrorKey(errors.New("secret detail")); key != "error.internal" {
		t.Fatal("an unknown error's text would be shown")
	}
}
