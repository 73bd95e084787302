package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"talentloket/internal/desk"
	"talentloket/internal/domain"
)

// The desk's questions, their history and comments. The workflow rules
// live in internal/desk; these methods store what it decided.

const questionColsHead = `dq.id, dq.region_id, dq.company_id, dq.filed_by, dq.kind, dq.title, `

// questionColsTail follows the text column, which the lite listing leaves
// empty.
const questionColsTail = `, dq.crebo, dq.field, dq.sector, dq.skills, dq.postcode, dq.lat, dq.lon,
	dq.period_start, dq.period_end, dq.people, dq.language, dq.due, dq.status, dq.holder_id, dq.partner_id, dq.offer_id,
	dq.route_accepted, dq.declined_partners, %s, dq.outcome, %s, dq.placement_id, dq.created_at, dq.taken_at, dq.routed_at,
	dq.answered_at, dq.closed_at, dq.updated_at, o.name, COALESCE(h.name, ''), COALESCE(p.name, ''), COALESCE(f.title, '')`

var (
	questionCols     = questionColsHead + "dq.text" + fmt.Sprintf(questionColsTail, "dq.answer", "dq.outcome_reason")
	questionColsLite = questionColsHead + "''" + fmt.Sprintf(questionColsTail, "''", "''")
)

const questionFrom = ` FROM desk_questions dq JOIN organisations o ON o.id = dq.company_id
	LEFT JOIN users h ON h.id = dq.holder_id LEFT JOIN organisations p ON p.id = dq.partner_id
	LEFT JOIN desk_offers f ON f.id = dq.offer_id`

// QuestionRow is a question with what the lists show beside it.
type QuestionRow struct {
	desk.Question
	OfferTitle  string
	PlacementID int64 // the draft placement made from it, 0 when none
}

func scanQuestion(r interface{ Scan(...any) error }) (QuestionRow, error) {
	var row QuestionRow
	q := &row.Question
	var skills, declined string
	err := r.Scan(&q.ID, &q.RegionID, &q.CompanyID, idOrZero{&q.FiledBy}, &q.Kind, &q.Title, &q.Text, &q.Crebo, &q.Field, &q.Sector,
		&skills, &q.Postcode, &q.Point.Lat, &q.Point.Lon, timeOrZero{&q.Period.Start}, timeOrZero{&q.Period.End}, &q.People, &q.Language,
		timeOrZero{&q.Due}, &q.Status, idOrZero{&q.HolderID}, idOrZero{&q.PartnerID}, idOrZero{&q.OfferID}, &q.RouteAccepted, &declined,
		&q.Answer, &q.Outcome, &q.OutcomeReason, idOrZero{&row.PlacementID}, utcTime{&q.CreatedAt}, timeOrZero{&q.TakenAt},
		timeOrZero{&q.RoutedAt}, timeOrZero{&q.AnsweredAt}, timeOrZero{&q.ClosedAt}, utcTime{&q.UpdatedAt}, &q.CompanyName,
		&q.HolderName, &q.PartnerName, &row.OfferTitle)
	if err != nil {
		return row, err
	}
	q.Skills = splitTags(skills)
	for _, s := range splitTags(declined) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return row, fmt.Errorf("declined partners %q: %w", declined, err)
		}
		q.DeclinedPartners = append(q.DeclinedPartners, id)
	}
	return row, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// checkQuestionRefs verifies that the organisations and the offer a
// question names belong to its region.
func (q *Queries) checkQuestionRefs(ctx context.Context, dq desk.Question) error {
	if _, err := q.Organisation(ctx, dq.RegionID, dq.CompanyID); err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return &domain.ValidationError{Fields: []domain.FieldError{{Field: "company", Key: "invalid.company_required"}}}
		}
		return err
	}
	if dq.PartnerID != 0 {
		if _, err := q.Organisation(ctx, dq.RegionID, dq.PartnerID); err != nil {
			return fmt.Errorf("question partner: %w", err)
		}
	}
	if dq.OfferID != 0 {
		if _, err := q.Offer(ctx, dq.RegionID, dq.OfferID); err != nil {
			return fmt.Errorf("question offer: %w", err)
		}
	}
	return nil
}

// CreateQuestion stores a question as desk.NewQuestion made it, with its
// filing event, and returns its id. It returns a *domain.ValidationError
// when the asking organisation is not of the question's region. The
// question's times are kept (the demo backdates them).
func (q *Queries) CreateQuestion(ctx context.Context, dq desk.Question, ev desk.Event) (int64, error) {
	if err := q.checkQuestionRefs(ctx, dq); err != nil {
		return 0, err
	}
	if dq.CreatedAt.IsZero() {
		dq.CreatedAt = q.now()
	}
	if dq.UpdatedAt.IsZero() {
		dq.UpdatedAt = dq.CreatedAt
	}
	id, err := q.insert(ctx, `INSERT INTO desk_questions (region_id, company_id, filed_by, kind, title, text, crebo, field, sector, skills,
		postcode, lat, lon, period_start, period_end, people, language, due, status, holder_id, partner_id, offer_id, route_accepted,
		declined_partners, answer, outcome, outcome_reason, created_at, taken_at, routed_at, answered_at, closed_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		dq.RegionID, dq.CompanyID, nullID(dq.FiledBy), dq.Kind, dq.Title, dq.Text, dq.Crebo, dq.Field, dq.Sector, joinTags(dq.Skills),
		dq.Postcode, dq.Point.Lat, dq.Point.Lon, nullTime(dq.Period.Start), nullTime(dq.Period.End), dq.People, dq.Language,
		nullTime(dq.Due), dq.Status, nullID(dq.HolderID), nullID(dq.PartnerID), nullID(dq.OfferID), dq.RouteAccepted,
		joinIDs(dq.DeclinedPartners), dq.Answer, dq.Outcome, dq.OutcomeReason, dq.CreatedAt.UTC(), nullTime(dq.TakenAt),
		nullTime(dq.RoutedAt), nullTime(dq.AnsweredAt), nullTime(dq.ClosedAt), dq.UpdatedAt.UTC())
	if err != nil {
		return 0, fmt.Errorf("create question: %w", err)
	}
	ev.QuestionID = id
	if ev.At.IsZero() {
		ev.At = dq.CreatedAt
	}
	if _, err := q.AddQuestionEvent(ctx, ev); err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateQuestion saves the workflow fields of a question of a region after
// a step (status, holder, route, answer, outcome, due date, times). The
// fields the company filled in do not change. It returns ErrNotFound for a
// question of another region.
func (q *Queries) UpdateQuestion(ctx context.Context, dq desk.Question) error {
	if err := q.checkQuestionRefs(ctx, dq); err != nil {
		return err
	}
	if dq.UpdatedAt.IsZero() {
		dq.UpdatedAt = q.now()
	}
	res, err := q.exec(ctx, `UPDATE desk_questions SET status = ?, holder_id = ?, partner_id = ?, offer_id = ?, route_accepted = ?,
		declined_partners = ?, answer = ?, outcome = ?, outcome_reason = ?, due = ?, taken_at = ?, routed_at = ?, answered_at = ?,
		closed_at = ?, updated_at = ? WHERE id = ? AND region_id = ?`,
		dq.Status, nullID(dq.HolderID), nullID(dq.PartnerID), nullID(dq.OfferID), dq.RouteAccepted, joinIDs(dq.DeclinedPartners),
		dq.Answer, dq.Outcome, dq.OutcomeReason, nullTime(dq.Due), nullTime(dq.TakenAt), nullTime(dq.RoutedAt),
		nullTime(dq.AnsweredAt), nullTime(dq.ClosedAt), dq.UpdatedAt.UTC(), dq.ID, dq.RegionID)
	return affected(res, err, "update question")
}

// LockQuestion takes a row lock on a question for the rest of the
// transaction (PostgreSQL; SQLite serialises writers anyway), so that two
// steps on one question never both pass the workflow check. It returns
// ErrNotFound for a question of another region.
func (q *Queries) LockQuestion(ctx context.Context, regionID, id int64) error {
	res, err := q.exec(ctx, "UPDATE desk_questions SET updated_at = updated_at WHERE id = ? AND region_id = ?", id, regionID)
	return affected(res, err, "lock question")
}

// SetQuestionPlacement records the draft placement made from a question.
func (q *Queries) SetQuestionPlacement(ctx context.Context, regionID, id, placementID int64) error {
	res, err := q.exec(ctx, "UPDATE desk_questions SET placement_id = ? WHERE id = ? AND region_id = ?", nullID(placementID), id, regionID)
	return affected(res, err, "question placement")
}

// Question returns a question of a region with the names of its company,
// holder, partner and offer, or ErrNotFound.
func (q *Queries) Question(ctx context.Context, regionID, id int64) (QuestionRow, error) {
	row, err := scanQuestion(q.queryRow(ctx, "SELECT "+questionCols+questionFrom+" WHERE dq.id = ? AND dq.region_id = ?", id, regionID))
	return row, one(err, "question")
}

// QuestionFilter selects questions of a region. The permission policy
// fills CompanyID or PartnerID for roles that see only their own.
type QuestionFilter struct {
	RegionID  int64
	CompanyID int64 // the asking organisation
	PartnerID int64 // routed to this organisation
	// Party selects the questions an organisation asked or that are routed
	// to it (either); it overrides CompanyID and PartnerID.
	Party    int64
	HolderID int64
	Statuses []desk.QuestionStatus // empty = every status
	Kinds    []desk.QuestionKind   // empty = every kind
	Sector   string
	Text     string    // title, text, company or field contains
	From, To time.Time // filed in [From, To); zero = open
	Page     Page
	All      bool // ignore Page: every match (board, figures, exports)
	// Lite leaves out the long texts (text, answer, outcome reason): the
	// board and the figures never show them.
	Lite bool
}

func (f QuestionFilter) where() (string, []any) {
	where := " WHERE dq.region_id = ?"
	args := []any{f.RegionID}
	switch {
	case f.Party != 0:
		where += " AND (dq.company_id = ? OR dq.partner_id = ?)"
		args = append(args, f.Party, f.Party)
	default:
		if f.CompanyID != 0 {
			where += " AND dq.company_id = ?"
			args = append(args, f.CompanyID)
		}
		if f.PartnerID != 0 {
			where += " AND dq.partner_id = ?"
			args = append(args, f.PartnerID)
		}
	}
	if f.HolderID != 0 {
		where += " AND dq.holder_id = ?"
		args = append(args, f.HolderID)
	}
	if len(f.Statuses) > 0 {
		where += " AND dq.status IN (?" + strings.Repeat(", ?", len(f.Statuses)-1) + ")"
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if len(f.Kinds) > 0 {
		where += " AND dq.kind IN (?" + strings.Repeat(", ?", len(f.Kinds)-1) + ")"
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	if f.Sector != "" {
		where += " AND dq.sector = ?"
		args = append(args, f.Sector)
	}
	if f.Text != "" {
		pat := likePattern(f.Text)
		where += ` AND (LOWER(dq.title) LIKE ? ESCAPE '\' OR LOWER(dq.text) LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\'
			OR LOWER(dq.field) LIKE ? ESCAPE '\' OR dq.crebo LIKE ? ESCAPE '\')`
		args = append(args, pat, pat, pat, pat, pat)
	}
	if !f.From.IsZero() {
		where += " AND dq.created_at >= ?"
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where += " AND dq.created_at < ?"
		args = append(args, f.To.UTC())
	}
	return where, args
}

// Questions lists questions (newest first) and the total number that match.
func (q *Queries) Questions(ctx context.Context, f QuestionFilter) ([]QuestionRow, int, error) {
	where, args := f.where()
	cols := questionCols
	if f.Lite {
		cols = questionColsLite
	}
	query := "SELECT " + cols + questionFrom + where + " ORDER BY dq.created_at DESC, dq.id DESC"
	if !f.All {
		query += f.Page.Norm().clause()
	}
	rows, err := q.query(ctx, query, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (QuestionRow, error) { return scanQuestion(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("questions: %w", err)
	}
	total := len(list)
	if !f.All {
		if err := q.queryRow(ctx, "SELECT COUNT(*)"+questionFrom+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count questions: %w", err)
		}
	}
	return list, total, nil
}

// QuestionFacts returns what the figures need of the questions of a
// region filed in [from, to) (zero ends are open), by id: kind, sector,
// field, status, outcome, partner, declined partners and the times of the
// workflow. It leaves out the texts and the names, so that the figures of
// a large region read little.
func (q *Queries) QuestionFacts(ctx context.Context, regionID int64, from, to time.Time) ([]desk.Question, error) {
	where := " WHERE region_id = ?"
	args := []any{regionID}
	if !from.IsZero() {
		where += " AND created_at >= ?"
		args = append(args, from.UTC())
	}
	if !to.IsZero() {
		where += " AND created_at < ?"
		args = append(args, to.UTC())
	}
	rows, err := q.query(ctx, `SELECT id, region_id, company_id, kind, sector, field, status, outcome, partner_id, declined_partners,
		created_at, taken_at, answered_at, closed_at FROM desk_questions`+where+" ORDER BY id", args...)
	list, err := collect(rows, err, func(r *sql.Rows) (desk.Question, error) {
		var dq desk.Question
		var declined string
		err := r.Scan(&dq.ID, &dq.RegionID, &dq.CompanyID, &dq.Kind, &dq.Sector, &dq.Field, &dq.Status, &dq.Outcome, idOrZero{&dq.PartnerID},
			&declined, utcTime{&dq.CreatedAt}, timeOrZero{&dq.TakenAt}, timeOrZero{&dq.AnsweredAt}, timeOrZero{&dq.ClosedAt})
		if err != nil || declined == "" {
			return dq, err
		}
		for _, s := range splitTags(declined) {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return dq, fmt.Errorf("declined partners %q: %w", declined, err)
			}
			dq.DeclinedPartners = append(dq.DeclinedPartners, id)
		}
		return dq, nil
	})
	if err != nil {
		return nil, fmt.Errorf("question facts: %w", err)
	}
	return list, nil
}

// QuestionsStamp returns a value that changes whenever a question of the
// region is filed or moves on (the number of questions and the latest
// change), for caches of the figures.
func (q *Queries) QuestionsStamp(ctx context.Context, regionID int64) (string, error) {
	var n int
	var last sql.NullString // a timestamp; text on SQLite, formatted by database/sql on PostgreSQL
	err := q.queryRow(ctx, "SELECT COUNT(*), MAX(updated_at) FROM desk_questions WHERE region_id = ?", regionID).Scan(&n, &last)
	if err != nil {
		return "", fmt.Errorf("questions stamp: %w", err)
	}
	return fmt.Sprintf("%d/%s", n, last.String), nil
}

// CountQuestions returns the number of questions of a region per status.
func (q *Queries) CountQuestions(ctx context.Context, regionID int64) ([]Count, error) {
	return q.counts(ctx, "SELECT status, COUNT(*) FROM desk_questions WHERE region_id = ? GROUP BY status ORDER BY status", regionID)
}

func sideText(s desk.Side) string { return s.String() }

func parseSide(s string) desk.Side {
	var out desk.Side
	for _, p := range strings.Split(s, "+") {
		switch p {
		case "desk":
			out |= desk.SideDesk
		case "company":
			out |= desk.SideCompany
		case "partner":
			out |= desk.SidePartner
		}
	}
	return out
}

// AddQuestionEvent appends a step to a question's history and returns its
// id.
func (q *Queries) AddQuestionEvent(ctx context.Context, e desk.Event) (int64, error) {
	if e.At.IsZero() {
		e.At = q.now()
	}
	id, err := q.insert(ctx, `INSERT INTO desk_question_events (question_id, action, from_status, to_status, actor_id, side, holder_id,
		partner_id, offer_id, outcome, due, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.QuestionID, e.Action, e.From, e.To, nullID(e.ActorID), sideText(e.Side), nullID(e.HolderID), nullID(e.PartnerID),
		nullID(e.OfferID), e.Outcome, nullTime(e.Due), e.Note, e.At.UTC())
	if err != nil {
		return 0, fmt.Errorf("question event: %w", err)
	}
	return id, nil
}

// EventRow is a history entry with the names a page shows.
type EventRow struct {
	desk.Event
	HolderName, PartnerName, OfferTitle string
}

const eventCols = `e.id, e.question_id, e.action, e.from_status, e.to_status, e.actor_id, e.side, e.holder_id, e.partner_id, e.offer_id,
	e.outcome, e.due, e.note, e.at, COALESCE(u.name, ''), COALESCE(h.name, ''), COALESCE(p.name, ''), COALESCE(f.title, '')`

const eventFrom = ` FROM desk_question_events e JOIN desk_questions dq ON dq.id = e.question_id
	LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN users h ON h.id = e.holder_id
	LEFT JOIN organisations p ON p.id = e.partner_id LEFT JOIN desk_offers f ON f.id = e.offer_id`

func scanEvent(r interface{ Scan(...any) error }) (EventRow, error) {
	var row EventRow
	e := &row.Event
	var side string
	err := r.Scan(&e.ID, &e.QuestionID, &e.Action, &e.From, &e.To, idOrZero{&e.ActorID}, &side, idOrZero{&e.HolderID},
		idOrZero{&e.PartnerID}, idOrZero{&e.OfferID}, &e.Outcome, timeOrZero{&e.Due}, &e.Note, utcTime{&e.At}, &e.ActorName,
		&row.HolderName, &row.PartnerName, &row.OfferTitle)
	e.Side = parseSide(side)
	return row, err
}

// QuestionEvents returns the history of a question of a region, oldest
// first; an unknown question or one of another region gives an empty list.
func (q *Queries) QuestionEvents(ctx context.Context, regionID, questionID int64) ([]EventRow, error) {
	rows, err := q.query(ctx, "SELECT "+eventCols+eventFrom+" WHERE e.question_id = ? AND dq.region_id = ? ORDER BY e.at, e.id",
		questionID, regionID)
	list, err := collect(rows, err, func(r *sql.Rows) (EventRow, error) { return scanEvent(r) })
	if err != nil {
		return nil, fmt.Errorf("question events: %w", err)
	}
	return list, nil
}

// PartnerCounts counts per partner the routes to it, its declines and its
// answers in the history of a region's questions filed in [from, to)
// (zero ends are open), in the order of desk.SortPartners. The history
// survives re-routing and reopening, which the questions themselves do
// not show.
func (q *Queries) PartnerCounts(ctx context.Context, regionID int64, from, to time.Time) ([]desk.PartnerCount, error) {
	where := " WHERE dq.region_id = ? AND e.action IN (?, ?, ?) AND e.partner_id IS NOT NULL"
	args := []any{regionID, desk.ActRoute, desk.ActDeclineRoute, desk.ActAnswer}
	if !from.IsZero() {
		where += " AND dq.created_at >= ?"
		args = append(args, from.UTC())
	}
	if !to.IsZero() {
		where += " AND dq.created_at < ?"
		args = append(args, to.UTC())
	}
	rows, err := q.query(ctx, "SELECT e.partner_id, e.action, COUNT(*) FROM desk_question_events e JOIN desk_questions dq ON dq.id = e.question_id"+
		where+" GROUP BY e.partner_id, e.action", args...)
	m := map[int64]*desk.PartnerCount{}
	var order []int64
	err = eachRow(rows, err, func(r *sql.Rows) error {
		var id int64
		var act desk.Action
		var n int
		if err := r.Scan(&id, &act, &n); err != nil {
			return err
		}
		p := m[id]
		if p == nil {
			p = &desk.PartnerCount{PartnerID: id}
			m[id] = p
			order = append(order, id)
		}
		switch act {
		case desk.ActRoute:
			p.Routed += n
		case desk.ActDeclineRoute:
			p.Declined += n
		case desk.ActAnswer:
			p.Answered += n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("partner counts: %w", err)
	}
	out := make([]desk.PartnerCount, 0, len(order))
	for _, id := range order {
		out = append(out, *m[id])
	}
	desk.SortPartners(out)
	return out, nil
}

// AddQuestionComment stores a comment on a question and returns its id.
func (q *Queries) AddQuestionComment(ctx context.Context, c desk.Comment) (int64, error) {
	if c.At.IsZero() {
		c.At = q.now()
	}
	id, err := q.insert(ctx, "INSERT INTO desk_question_comments (question_id, author_id, side, internal, text, at) VALUES (?, ?, ?, ?, ?, ?)",
		c.QuestionID, nullID(c.AuthorID), sideText(c.Side), c.Internal, c.Text, c.At.UTC())
	if err != nil {
		return 0, fmt.Errorf("question comment: %w", err)
	}
	return id, nil
}

// QuestionComments returns the comments on a question of a region, oldest
// first, internal ones included (the use case decides who sees them).
func (q *Queries) QuestionComments(ctx context.Context, regionID, questionID int64) ([]desk.Comment, error) {
	rows, err := q.query(ctx, `SELECT c.id, c.question_id, c.author_id, c.side, c.internal, c.text, c.at, COALESCE(u.name, '')
		FROM desk_question_comments c JOIN desk_questions dq ON dq.id = c.question_id LEFT JOIN users u ON u.id = c.author_id
		WHERE c.question_id = ? AND dq.region_id = ? ORDER BY c.at, c.id`, questionID, regionID)
	list, err := collect(rows, err, func(r *sql.Rows) (desk.Comment, error) {
		var c desk.Comment
		var side string
		err := r.Scan(&c.ID, &c.QuestionID, idOrZero{&c.AuthorID}, &side, &c.Internal, &c.Text, utcTime{&c.At}, &c.AuthorName)
		c.Side = parseSide(side)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("question comments: %w", err)
	}
	return list, nil
}

// LastSector returns the sector of the latest question an organisation of
// the region filed, or "" (a default for its next question).
func (q *Queries) LastSector(ctx context.Context, regionID, companyID int64) (string, error) {
	var s string
	err := q.queryRow(ctx, `SELECT sector FROM desk_questions WHERE region_id = ? AND company_id = ? AND sector <> ''
		ORDER BY created_at DESC, id DESC LIMIT 1`, regionID, companyID).Scan(&s)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last sector: %w", err)
	}
	return s, nil
}
