// Package monitor holds the data layer of the regional monitor
// ("regiomonitor"): a columnar fact table of DUO counts (enrolments,
// first-years, diplomas, exam candidates per region, school, qualification,
// year ...), fast group-by aggregation over it, and small-count suppression
// for open aggregates. The indicators live in [talentloket/internal/monitor/indicator]
// and the forecasts in [talentloket/internal/monitor/forecast].
//
// Everything here is a pure computation over values the caller supplies: the
// package reads no files, opens no connections and never asks the clock for
// the date. It imports only the standard library.
//
//   - [Builder] and [Table]: dictionary-encoded dimension columns (uint8 or
//     uint16 codes), a count column and a suppressed bitset; [Builder.Freeze]
//     also builds a rollup (a pre-aggregated copy over the low-cardinality
//     dimensions) that answers most monitor queries.
//   - [Table.Aggregate]: group-by over one to three dimensions with filters
//     and a year range, returning exact sums and, where suppressed cells
//     contributed, lower and upper bounds ([Count]); [Result] turns into
//     yearly [Series] for the indicators.
//   - [Suppress]: primary and secondary (complementary) suppression of a
//     [Grid] so that no published number is below 5 and no blank can be
//     computed from published totals.
//
// Suppressed cells are never treated as exact values: a DUO cell published as
// "<5" (or as 4 with INDICATIEAVG="J") enters the table with suppressed=true
// and contributes 1 to the lower and 4 to the upper bound of every total it
// is part of.
//
// Errors are values: invalid input is reported with an error wrapping
// [ErrInvalid] or [ErrNoData] (the subpackage indicator wraps the same
// sentinels); nothing here panics on bad input.
package monitor

import "errors"

// ErrInvalid is wrapped by every error about input the caller should fix:
// empty or mismatched series, unknown dimensions, out-of-range options.
var ErrInvalid = errors.New("monitor: invalid input")

// ErrNoData is wrapped when the input is well formed but holds nothing to
// compute with, such as two series without a common year.
var ErrNoData = errors.New("monitor: no data")

// Suppression constants as DUO uses them: a suppressed cell holds a true
// count between SuppressedMin and SuppressedMax.
const (
	SuppressedMin = 1
	SuppressedMax = 4
	// DisclosureThreshold is the smallest count published in open
	// aggregates (DUO publishes fewer than 5 as "<5").
	DisclosureThreshold = 5
)

// Values of the stage and kind dimensions the indicators look for. The
// importer should use them when it appends rows. The kind values equal the
// Measure strings of the DUO readers (internal/opendata/duo), so a record's
// measure may be passed through; map anything else explicitly.
const (
	StageVMBO = "vmbo"
	StageMBO  = "mbo"
	StageHBO  = "hbo"
	StageWO   = "wo"

	// KindEnrolment counts students enrolled on 1 October.
	KindEnrolment = "enrolled"
	// KindFirstYear counts first-year (new) enrolments: inflow.
	KindFirstYear = "first-year"
	// KindDiploma counts diplomas awarded in the year: outflow.
	KindDiploma = "diploma"
	// KindExamCandidate counts vmbo/havo/vwo exam candidates.
	KindExamCandidate = "candidates"
	// KindExamPassed counts candidates who passed.
	KindExamPassed = "passed"

	// SectorTechnology is the sector value of technical programmes: DUO's
	// "techniek" for mbo sector, CROHO onderdeel and vmbo sector alike.
	SectorTechnology = "techniek"
)
