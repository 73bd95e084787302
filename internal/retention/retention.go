// Package retention deletes what is past its term: expired sessions, old
// audit entries and students who have been inactive for longer than the
// region's processing agreement allows. The server runs it daily.
package retention

import (
	"context"
	"fmt"
	"time"

	"talentloket/internal/domain"
)

// Store is what retention needs.
type Store interface {
	DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) (int64, error)
	DeleteAuditBefore(ctx context.Context, before time.Time) (int64, error)
	DeleteInactiveStudents(ctx context.Context, before time.Time) (map[int64]int64, error)
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Policy holds the terms; a zero term keeps the data.
type Policy struct {
	SessionIdle      time.Duration // sessions idle this long are gone
	Audit            time.Duration // audit entries older than this are deleted
	InactiveStudents time.Duration // inactive students unchanged this long are erased
}

// DefaultPolicy keeps the audit trail two years and inactive students one
// year after their last change.
var DefaultPolicy = Policy{SessionIdle: 2 * time.Hour, Audit: 2 * 365 * 24 * time.Hour, InactiveStudents: 365 * 24 * time.Hour}

// Report counts what one sweep deleted.
type Report struct {
	Sessions, AuditEntries, Students int64
}

// Sweep deletes what is past its term at now. Erased students leave an audit
// row per region (how many, no personal data).
func Sweep(ctx context.Context, st Store, p Policy, now time.Time) (Report, error) {
	var r Report
	var err error
	if p.SessionIdle > 0 {
		if r.Sessions, err = st.DeleteExpiredSessions(ctx, now, now.Add(-p.SessionIdle)); err != nil {
			return r, fmt.Errorf("retention: %w", err)
		}
	}
	if p.InactiveStudents > 0 {
		per, err := st.DeleteInactiveStudents(ctx, now.Add(-p.InactiveStudents))
		if err != nil {
			return r, fmt.Errorf("retention: %w", err)
		}
		for region, n := range per {
			r.Students += n
			if err := st.AddAudit(ctx, domain.AuditEntry{At: now, RegionID: region, Action: domain.AuditDelete, Object: "students",
				Detail: fmt.Sprintf("retention: %d inactive students erased", n)}); err != nil {
				return r, fmt.Errorf("retention: %w", err)
			}
		}
	}
	if p.Audit > 0 {
		if r.AuditEntries, err = st.DeleteAuditBefore(ctx, now.Add(-p.Audit)); err != nil {
			return r, fmt.Errorf("retention: %w", err)
		}
	}
	return r, nil
}
