package request

import (
	"context"
	"log/slog"

	"talentloket/internal/domain"
)

// Auditor stores audit entries.
type Auditor interface {
	AddAudit(ctx context.Context, e domain.AuditEntry) error
}

// Audit records that the request's actor did action on object. Failures
// are logged: the audit trail must never hide the outcome of a request.
func Audit(ctx context.Context, st Auditor, action, object, detail string) {
	a, m := Actor(ctx), MetaOf(ctx)
	e := domain.AuditEntry{RegionID: a.RegionID, UserID: a.UserID, Action: action, Object: object, Detail: detail, IP: m.IP, RequestID: m.ID}
	if err := st.AddAudit(context.WithoutCancel(ctx), e); err != nil {
		slog.ErrorContext(ctx, "audit write failed", "action", action, "object", object, "err", err)
	}
}
