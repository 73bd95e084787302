package auth

import "talentloket/internal/domain"

// The regional monitor's permissions. Its figures are aggregates of public
// open data, but the pages are for the network's signed-in partners: every
// role except students (who are often minors and have no use for them).
// Only coordinators import files, set targets and see exact small counts;
// everyone else (viewers, and the public through the open API) sees counts
// below 5 suppressed the way DUO does.
const (
	ViewMonitor    Action = "monitor.view"    // dashboard, comparisons, import history
	ExportMonitor  Action = "monitor.export"  // CSV and XLSX exports of the monitor's tables
	ImportMonitor  Action = "monitor.import"  // upload open-data files
	SetMonitorGoal Action = "monitor.targets" // spread targets, demand, network regions
)

func init() {
	viewers := roles(coach, schoolStaff, company, coordinator, viewer, admin)
	rules[ViewMonitor] = viewers
	rules[ExportMonitor] = viewers
	rules[ImportMonitor] = roles(coordinator)
	rules[SetMonitorGoal] = roles(coordinator)
}

// CanSeeExactCounts reports whether the actor sees the monitor's counts
// as stored, small ones included. Only coordinators do: they work with the
// files themselves. Everyone else sees counts below 5 suppressed.
func CanSeeExactCounts(a domain.Actor) bool {
	return Allow(a, ImportMonitor)
}

// CanTraceMonitor reports whether the actor may list the stored facts of
// an import line by line (with their exact counts).
func CanTraceMonitor(a domain.Actor) bool {
	return Allow(a, ImportMonitor)
}
