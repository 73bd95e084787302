package domain

import "time"

// AuditEntry is one row of the audit trail: who did what, where.
type AuditEntry struct {
	ID        int64
	At        time.Time
	RegionID  int64 // 0 for platform-wide events
	UserID    int64 // 0 for anonymous
	Action    string
	Object    string
	Detail    string
	IP        string
	RequestID string
}

// Audit actions.
const (
	AuditLogin           = "login"
	AuditLoginFailed     = "login_failed"
	AuditLogout          = "logout"
	AuditPermissionDeny  = "permission_denied"
	AuditCreate          = "create"
	AuditUpdate          = "update"
	AuditDelete          = "delete"
	AuditExport          = "export"
	AuditTokenCreated    = "token_created"
	AuditTokenRevoked    = "token_revoked"
	AuditPasswordChanged = "password_changed"
	AuditStatusChange    = "status_change"
)
