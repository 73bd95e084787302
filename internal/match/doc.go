// Package match is Talentloket's matching engine: pure computations over
// plain Go values, with no database, network or file access (the readers
// take an io.Reader).
//
// Matching rounds. Run assigns students to placements by student-proposing
// deferred acceptance (Gale & Shapley 1962) with capacities: the result is
// the stable matching every student weakly prefers to every other stable
// matching. Placements either rank students with their own list or take
// every student who lists them in the order of one lottery over all
// students, drawn from the round's seed with the package's own SplitMix64
// generator, so a seed gives byte-identical results on every platform. Run
// checks its own result (Verify) before returning it. The compact API
// (Instance, Result) works on int32 indexes in flat CSR slices and is built
// for national rounds: 250,000 students ranking 100 of 100,000 placements;
// the convenience API (Round, MatchRound, Report) works on string IDs and
// reads ROUND.json or a pair of CSV files (ReadRoundJSON, ReadRoundCSV).
//
// Fit scores. Score rates how well a placement fits a student from named,
// weighted components (qualification, level, distance, period, skills,
// languages, wishes) and hard constraints (related qualification,
// accreditation and pathway for internships and apprenticeships, maximum
// distance, a shared day), and explains itself with structured Reasons
// that the app translates.
//
// Search. The subpackage index keeps open placements in memory for
// recommendations (top placements by fit) and filtered search.
package match
