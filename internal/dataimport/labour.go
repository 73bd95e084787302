package dataimport

import (
	"sort"
	"strconv"
	"strings"

	"talentloket/internal/domain"
	"talentloket/internal/opendata/labour"
	"talentloket/internal/opendata/refdata"
)

// Labour-market sources and measures as stored.
const (
	SourceVacancies = "cbs-83599NED"
	SourcePrognosis = "wijtechniek-prognose"

	MeasureVacancies           = "vacancies"
	MeasureVacanciesPrevious   = "vacancies_previous_quarter"
	MeasureVacanciesYearBefore = "vacancies_year_before"
	MeasureRecruitmentNeed     = "recruitment_need"
	MeasureReplacement         = "replacement"
	MeasureNetFlow             = "net_flow"
	MeasureGrowth              = "growth"
	MeasureEmployment          = "employment"
)

// AreaNetherlands is the area code of national figures.
const AreaNetherlands = "NL"

// convertVacancies turns CBS rows into figures; a province is stored by
// its CBS code (PV##) when the stored municipalities know its name.
func convertVacancies(vs []labour.Vacancy, m *mapper) ([]domain.LabourFigure, []string) {
	var out []domain.LabourFigure
	periods := map[string]bool{}
	for _, v := range vs {
		area := m.provName[refdata.NormalizePlaceName(v.Area)]
		if strings.EqualFold(v.Area, "Nederland") {
			area = AreaNetherlands
		}
		if area == "" {
			area = v.Area
		}
		periods[v.Period] = true
		base := domain.LabourFigure{Line: v.Line, Source: SourceVacancies, Area: area, AreaName: v.Area, Sector: v.Sector,
			Period: v.Period, Year: v.Year, Provisional: v.Provisional}
		for _, x := range []struct {
			measure string
			value   float64
		}{{MeasureVacancies, v.Value}, {MeasureVacanciesPrevious, v.PreviousQuarter}, {MeasureVacanciesYearBefore, v.YearBefore}} {
			f := base
			f.Measure, f.Value = x.measure, x.value
			out = append(out, f)
		}
	}
	return out, sortedSet(periods)
}

// convertPrognosis turns the Wij Techniek figures into stored figures.
func convertPrognosis(ps []labour.Prognosis) ([]domain.LabourFigure, []string) {
	var out []domain.LabourFigure
	periods := map[string]bool{}
	for _, p := range ps {
		period := strconv.Itoa(p.Year)
		periods[period] = true
		base := domain.LabourFigure{Line: p.Line, Source: SourcePrognosis, Area: p.Region, AreaName: p.Region, Sector: p.Function,
			Period: period, Year: p.Year}
		for _, x := range []struct {
			measure string
			value   float64
		}{{MeasureRecruitmentNeed, p.RecruitmentNeed}, {MeasureReplacement, p.Replacement}, {MeasureNetFlow, p.NetFlow},
			{MeasureGrowth, p.Growth}, {MeasureEmployment, p.Employment}} {
			f := base
			f.Measure, f.Value = x.measure, x.value
			out = append(out, f)
		}
	}
	return out, sortedSet(periods)
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
