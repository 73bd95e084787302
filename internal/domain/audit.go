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

// Session is a server-side login session. The cookie holds a random token;
// the database only its hash.
type Session struct {
	TokenHash  string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute timeout
}

// APIToken is a personal API token; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	Prefix     string // first characters, to recognise a token in a list
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
}
