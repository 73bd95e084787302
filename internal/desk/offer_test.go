package desk

import (
	"errors"
	"testing"
	"time"

	"talentloket/internal/domain"
)

var (
	school   = domain.Organisation{ID: 101, RegionID: 1, Kind: domain.OrgSchool}
	firm     = domain.Organisation{ID: 301, RegionID: 1, Kind: domain.OrgCompany}
	foreignS = domain.Organisation{ID: 102, RegionID: 2, Kind: domain.OrgSchool}
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func validOffer() Offer {
	return Offer{RegionID: 1, ProviderID: 101, Kind: OfferTailored, Title: "PLC voor monteurs",
		Contact: Contact{Email: "Loket@ROC.example"}, Active: true}
}

func TestOfferNormalise(t *testing.T) {
	neg := int64(-1)
	ok := int64(145000)
	tests := []struct {
		name     string
		provider domain.Organisation
		change   func(*Offer)
		field    string
	}{
		{"valid", school, func(*Offer) {}, ""},
		{"with price", school, func(o *Offer) { o.PriceCents = &ok }, ""},
		{"negative price", school, func(o *Offer) { o.PriceCents = &neg }, "price"},
		{"provider mismatch", firm, func(*Offer) {}, "provider"},
		{"provider of another region", foreignS, func(o *Offer) { o.ProviderID = 102 }, "provider"},
		{"company cannot offer a programme", firm, func(o *Offer) { o.ProviderID, o.Kind = 301, OfferProgramme }, "kind"},
		{"school cannot lend staff", school, func(o *Offer) { o.Kind = OfferStaffToLend }, "kind"},
		{"company lends staff", firm, func(o *Offer) { o.ProviderID, o.Kind = 301, OfferStaffToLend }, ""},
		{"programme needs a crebo", school, func(o *Offer) { o.Kind = OfferProgramme }, "crebos"},
		{"bad crebo", school, func(o *Offer) { o.Crebos = []string{"abcde"} }, "crebos"},
		{"bad level", school, func(o *Offer) { o.Level = 5 }, "level"},
		{"bad pathway", school, func(o *Offer) { o.Pathway = domain.PathwayTL }, "pathway"},
		{"no contact", school, func(o *Offer) { o.Contact = Contact{Name: "Jan"} }, "contact_email"},
		{"phone is a contact", school, func(o *Offer) { o.Contact = Contact{Phone: "053 123 4567"} }, ""},
		{"bad email", school, func(o *Offer) { o.Contact.Email = "loket" }, "contact_email"},
		{"bad language", school, func(o *Offer) { o.Languages = []string{"nl", "klingon"} }, "languages"},
		{"bad location postcode", school, func(o *Offer) { o.Locations = []OfferLocation{{Postcode: "12"}} }, "locations"},
		{"capacity too large", school, func(o *Offer) { o.Capacity = MaxCapacity + 1 }, "capacity"},
		{"period backwards", school, func(o *Offer) { o.Period = domain.Period{Start: date(2026, 5, 1), End: date(2026, 4, 1)} }, "period_end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := validOffer()
			tc.change(&o)
			err := o.Normalise(tc.provider)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Normalise: %v", err)
				}
				return
			}
			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("want a validation error, got %v", err)
			}
			if _, ok := v.For(tc.field); !ok {
				t.Errorf("no error for %q in %v", tc.field, v)
			}
		})
	}
	o := validOffer()
	o.Starts = []time.Time{date(2026, 9, 1).Add(10 * time.Hour), {}, date(2026, 3, 1), date(2026, 9, 1)}
	o.Locations = []OfferLocation{{Postcode: "7551ab"}}
	if err := o.Normalise(school); err != nil {
		t.Fatal(err)
	}
	if len(o.Starts) != 2 || !o.Starts[0].Equal(date(2026, 3, 1)) || o.Contact.Email != "loket@roc.example" || o.Locations[0].Postcode != "7551 AB" {
		t.Errorf("normalised %+v", o)
	}
}

func TestOfferAvailability(t *testing.T) {
	now := date(2026, 3, 10).Add(15 * time.Hour)
	tests := []struct {
		name  string
		o     Offer
		avail bool
		next  time.Time
	}{
		{"always", Offer{Active: true}, true, time.Time{}},
		{"inactive", Offer{}, false, time.Time{}},
		{"period ended yesterday", Offer{Active: true, Period: domain.Period{End: date(2026, 3, 9)}}, false, time.Time{}},
		{"period ends today", Offer{Active: true, Period: domain.Period{End: date(2026, 3, 10)}}, true, time.Time{}},
		{"starts today", Offer{Active: true, Starts: []time.Time{date(2026, 1, 5), date(2026, 3, 10)}}, true, date(2026, 3, 10)},
		{"all starts past", Offer{Active: true, Starts: []time.Time{date(2026, 1, 5)}}, false, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.o.Available(now); got != tc.avail {
				t.Errorf("Available = %v", got)
			}
			next, ok := tc.o.NextStart(now)
			if ok != !tc.next.IsZero() || !next.Equal(tc.next) {
				t.Errorf("NextStart = %v %v, want %v", next, ok, tc.next)
			}
		})
	}
	if !(Offer{}).OffersLanguage("") || (Offer{}).OffersLanguage("de") || !(Offer{Languages: []string{"de"}}).OffersLanguage("de") {
		t.Error("OffersLanguage")
	}
}
