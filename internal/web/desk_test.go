package web

import (
	"testing"

	"talentloket/internal/desk"
	"talentloket/internal/desk/route"
	"talentloket/internal/desk/service"
	"talentloket/internal/i18n"
)

// TestDeskCatalogue: the keys the desk builds at run time exist in both
// languages: enumerations, flash messages per step, notification texts and
// the reasons of the suggestions.
func TestDeskCatalogue(t *testing.T) {
	var keys []string
	for _, k := range desk.QuestionKinds {
		keys = append(keys, "qkind."+string(k))
	}
	for _, s := range desk.QuestionStatuses {
		keys = append(keys, "qstatus."+string(s))
	}
	for _, o := range desk.Outcomes {
		keys = append(keys, "qoutcome."+string(o))
	}
	for _, k := range desk.OfferKinds {
		keys = append(keys, "okind."+string(k))
	}
	for _, a := range append([]desk.Action{desk.ActFile}, desk.Actions...) {
		keys = append(keys, "qstep."+string(a))
	}
	for _, a := range desk.Actions {
		keys = append(keys, "flash.desk_"+string(a))
	}
	for _, k := range desk.NotifyKinds {
		keys = append(keys, "desk.notify."+string(k))
	}
	for _, s := range service.Sectors {
		keys = append(keys, "qsector."+s)
	}
	for _, k := range []desk.DeadlineKind{desk.DeadlineDue, desk.DeadlineResponse, desk.DeadlineAnswer} {
		keys = append(keys, "deadline."+string(k))
	}
	for _, s := range []desk.Side{desk.SideDesk, desk.SideCompany, desk.SidePartner} {
		keys = append(keys, "qside."+s.String())
	}
	for _, c := range []string{route.ReasonSameProgramme, route.ReasonSameField, route.ReasonSkillsMatched, route.ReasonSkillMissing,
		route.ReasonWords, route.ReasonDistance, route.ReasonStartsWithin, route.ReasonNoStartInPeriod, route.ReasonPeriodOverlap,
		route.ReasonPeriodNone, route.ReasonCapacityFits, route.ReasonCapacityShort, route.ReasonLanguageMatch,
		route.ReasonLanguageMissing, route.ReasonNoTopicalMatches} {
		keys = append(keys, "dreason."+c)
	}
	for _, k := range []string{"lt1", "1to3", "3to10", "ge10"} {
		keys = append(keys, "agebucket."+k)
	}
	for _, m := range []string{"immediate", "digest", "off"} {
		keys = append(keys, "nmode."+m)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if _, ok := i18n.Keys(l)[k]; !ok {
				t.Errorf("%s: missing in %s", k, l)
			}
		}
	}
	// Reasons read well with their arguments.
	p := Page{Lang: i18n.NL}
	for r, want := range map[string]string{
		p.Reason(route.Reason{Code: route.ReasonSkillsMatched, Args: []any{"plc", "lassen"}}): "Gevraagde vaardigheden: plc, lassen",
		p.Reason(route.Reason{Code: route.ReasonLanguageMatch, Args: []any{"de"}}):            "Ook in het Duits",
		p.Reason(route.Reason{Code: route.ReasonCapacityShort, Args: []any{4, 1200}}):         "Plek voor 4 van de 1.200",
		p.Reason(route.Reason{Code: route.ReasonPeriodOverlap, Args: []any{80}}):              "80% van de gevraagde periode beschikbaar",
	} {
		if r != want {
			t.Errorf("reason %q, want %q", r, want)
		}
	}
}

func TestParsePrice(t *testing.T) {
	for in, want := range map[string]int64{"1450": 145000, "1.450": 145000, "1.450,50": 145050, "€ 99": 9900, "12,5": 1250, "0,99": 99, "1,450.50": 145050} {
		got, ok := parsePrice(in)
		if !ok || got == nil || *got != want {
			t.Errorf("parsePrice(%q) = %v %v, want %d", in, got, ok, want)
		}
	}
	if p, ok := parsePrice(""); !ok || p != nil {
		t.Error("empty price")
	}
	for _, bad := range []string{"veel", "1,2,3", "NaN"} {
		if _, ok := parsePrice(bad); ok {
			t.Errorf("parsePrice(%q) accepted", bad)
		}
	}
}
