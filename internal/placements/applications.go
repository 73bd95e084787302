package placements

import (
	"context"
	"fmt"
	"strings"

	"talentloket/internal/auth"
	"talentloket/internal/domain"
	"talentloket/internal/request"
	"talentloket/internal/store"
)

// Apply submits the signed-in student's application to an open placement.
func (s *Service) Apply(ctx context.Context, placementID int64, motivation string) (int64, error) {
	a := request.Actor(ctx)
	if !auth.CanApply(a, a.StudentID) {
		return 0, s.forbid(ctx, fmt.Sprintf("placement:%d", placementID))
	}
	motivation, err := domain.ValidateMotivation(motivation)
	if err != nil {
		return 0, err
	}
	p, err := s.db.Placement(ctx, a.RegionID, placementID)
	if err != nil {
		return 0, err
	}
	if !auth.CanViewPlacement(a, p) {
		return 0, s.forbid(ctx, fmt.Sprintf("placement:%d", placementID))
	}
	if !p.Open() {
		return 0, domain.Errorf(domain.CodeConflict, "error.placement_not_open")
	}
	st, err := s.db.Student(ctx, a.RegionID, a.StudentID)
	if err != nil {
		return 0, err
	}
	if !p.Suits(st) {
		return 0, &domain.ValidationError{Fields: []domain.FieldError{{Field: "placement", Key: "invalid.not_suitable"}}}
	}
	id, err := s.db.CreateApplication(ctx, domain.Application{RegionID: a.RegionID, PlacementID: p.ID, StudentID: st.ID,
		Status: domain.AppSubmitted, Motivation: motivation}, a.UserID)
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeConflict {
			return 0, domain.Errorf(domain.CodeConflict, "error.already_applied")
		}
		return 0, err
	}
	request.Audit(ctx, s.db, domain.AuditCreate, fmt.Sprintf("application:%d", id), "")
	return id, nil
}

// Applications lists the applications the actor may see.
func (s *Service) Applications(ctx context.Context, f store.AppFilter) ([]domain.Application, int, error) {
	a := request.Actor(ctx)
	studentID, companyID, schoolID, coachID, ok := auth.ApplicationScope(a)
	if !ok {
		return nil, 0, s.forbid(ctx, "applications")
	}
	f.RegionID = a.RegionID
	if studentID != 0 {
		f.StudentID = studentID
	}
	if companyID != 0 {
		f.CompanyID = companyID
	}
	if schoolID != 0 {
		f.SchoolID = schoolID
	}
	if coachID != 0 {
		f.CoachID = coachID
	}
	return s.db.Applications(ctx, f)
}

// ApplicationView is an application with its history, the student's
// profile as far as the actor may see it, and the steps the actor may take.
type ApplicationView struct {
	Application domain.Application
	Placement   domain.Placement
	Student     domain.Student // for the company: only what an applicant shares
	History     []domain.ApplicationEvent
	Actions     []domain.AppAction
}

// Application returns an application the actor may see.
func (s *Service) Application(ctx context.Context, id int64) (ApplicationView, error) {
	a := request.Actor(ctx)
	app, err := s.db.Application(ctx, a.RegionID, id)
	if err != nil {
		return ApplicationView{}, err
	}
	if !auth.CanViewApplication(a, app) {
		return ApplicationView{}, s.forbid(ctx, fmt.Sprintf("application:%d", id))
	}
	v := ApplicationView{Application: app}
	if v.Placement, err = s.db.Placement(ctx, a.RegionID, app.PlacementID); err != nil {
		return v, err
	}
	st, err := s.db.Student(ctx, a.RegionID, app.StudentID)
	if err != nil {
		return v, err
	}
	v.Student = applicantView(st)
	if v.History, err = s.db.ApplicationEvents(ctx, id); err != nil {
		return v, err
	}
	if side := auth.SideOf(a, app); side != 0 {
		v.Actions = domain.ActionsFrom(app.Status, side)
	}
	return v, nil
}

// applicantView keeps what a company needs to judge an application and
// drops the rest (home postcode, e-mail, coach).
func applicantView(s domain.Student) domain.Student {
	return domain.Student{ID: s.ID, RegionID: s.RegionID, Name: s.Name, SchoolID: s.SchoolID, SchoolName: s.SchoolName,
		ProgrammeName: s.ProgrammeName, Stage: s.Stage, Crebo: s.Crebo, Level: s.Level, Pathway: s.Pathway, Year: s.Year,
		Skills: s.Skills, Languages: s.Languages, Available: s.Available}
}

// Act takes a workflow step on an application. Accepting an offer takes a
// place: it fails when the placement is full, marks the placement filled
// when it was the last place, and marks the student placed. Everything
// happens in one transaction.
func (s *Service) Act(ctx context.Context, id int64, act domain.AppAction, note string) (domain.ApplicationStatus, error) {
	a := request.Actor(ctx)
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return "", &domain.ValidationError{Fields: []domain.FieldError{{Field: "note", Key: "invalid.too_long", Args: []any{2000}}}}
	}
	var next domain.ApplicationStatus
	var denied bool
	var placementID int64
	err := s.db.InTx(ctx, func(tx Store) error {
		app, err := tx.Application(ctx, a.RegionID, id)
		if err != nil {
			return err
		}
		if !auth.CanViewApplication(a, app) || !auth.CanAct(a, app, act) {
			denied = true
			return domain.ErrForbidden
		}
		if next, err = app.Status.Next(act); err != nil {
			return err
		}
		placementID = app.PlacementID
		var p domain.Placement
		if act == domain.ActAccept || act == domain.ActOffer {
			if err := tx.LockPlacement(ctx, a.RegionID, app.PlacementID); err != nil {
				return err
			}
			if p, err = tx.Placement(ctx, a.RegionID, app.PlacementID); err != nil {
				return err
			}
			if p.Remaining() == 0 {
				return domain.Errorf(domain.CodeConflict, "error.placement_full")
			}
		}
		if err := tx.SetApplicationStatus(ctx, a.RegionID, id, app.Status, next, a.UserID, note); err != nil {
			return err
		}
		if act != domain.ActAccept {
			return nil
		}
		if p.Remaining() == 1 {
			if err := tx.SetPlacementStatus(ctx, a.RegionID, p.ID, domain.PlacementFilled, ""); err != nil {
				return err
			}
		}
		st, err := tx.Student(ctx, a.RegionID, app.StudentID)
		if err != nil {
			return err
		}
		st.Status = domain.StudentPlaced
		return tx.UpdateStudent(ctx, st)
	})
	if denied {
		return "", s.forbid(ctx, fmt.Sprintf("application:%d", id))
	}
	if err != nil {
		return "", err
	}
	request.Audit(ctx, s.db, domain.AuditStatusChange, fmt.Sprintf("application:%d", id), string(act))
	if act == domain.ActAccept {
		s.changed(ctx, a.RegionID, placementID) // it may be filled now
	}
	return next, nil
}
