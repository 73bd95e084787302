package api

import (
	"time"

	"talentloket/internal/domain"
)

// Me is the signed-in user.
type Me struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Role           string `json:"role"`
	RegionID       int64  `json:"region_id"`
	OrganisationID int64  `json:"organisation_id,omitempty"`
	StudentID      int64  `json:"student_id,omitempty"`
}

// Organisation is a partner organisation.
type Organisation struct {
	ID               int64    `json:"id"`
	Kind             string   `json:"kind"`
	Name             string   `json:"name"`
	BRIN             string   `json:"brin,omitempty"`
	KvK              string   `json:"kvk,omitempty"`
	Website          string   `json:"website,omitempty"`
	Email            string   `json:"email,omitempty"`
	Phone            string   `json:"phone,omitempty"`
	MunicipalityCode string   `json:"municipality_code,omitempty"`
	Member           bool     `json:"member"`
	Accreditations   []string `json:"accreditations"`
}

func orgDTO(o domain.Organisation) Organisation {
	acc := o.Accreditations
	if acc == nil {
		acc = []string{}
	}
	return Organisation{ID: o.ID, Kind: string(o.Kind), Name: o.Name, BRIN: o.BRIN, KvK: o.KvK, Website: o.Website, Email: o.Email,
		Phone: o.Phone, MunicipalityCode: o.MunicipalityCode, Member: o.Member, Accreditations: acc}
}

// OrganisationInput creates an organisation.
type OrganisationInput struct {
	Kind             string   `json:"kind"`
	Name             string   `json:"name"`
	BRIN             string   `json:"brin,omitempty"`
	KvK              string   `json:"kvk,omitempty"`
	Website          string   `json:"website,omitempty"`
	Email            string   `json:"email,omitempty"`
	Phone            string   `json:"phone,omitempty"`
	MunicipalityCode string   `json:"municipality_code,omitempty"`
	Member           bool     `json:"member,omitempty"`
	Accreditations   []string `json:"accreditations,omitempty"`
}

// Programme is a school's programme.
type Programme struct {
	ID         int64  `json:"id"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	LocationID int64  `json:"location_id,omitempty"`
	Stage      string `json:"stage"`
	Crebo      string `json:"crebo,omitempty"`
	Croho      string `json:"croho,omitempty"`
	Name       string `json:"name"`
	Field      string `json:"field,omitempty"`
	Level      int    `json:"level,omitempty"`
	Pathway    string `json:"pathway"`
}

func progDTO(p domain.Programme) Programme {
	return Programme{ID: p.ID, SchoolID: p.SchoolID, SchoolName: p.SchoolName, LocationID: p.LocationID, Stage: string(p.Stage),
		Crebo: p.Crebo, Croho: p.Croho, Name: p.Name, Field: p.Field, Level: p.Level, Pathway: string(p.Pathway)}
}

// Date is a calendar day in JSON as "2006-01-02".
type Date string

func dateOf(t time.Time) Date {
	if t.IsZero() {
		return ""
	}
	return Date(t.Format("2006-01-02"))
}

func (d Date) time(field string, v *domain.ValidationError) time.Time {
	if d == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		v.Add(field, "invalid.date")
	}
	return t
}

// Student is a student profile.
type Student struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	Email          string   `json:"email,omitempty"`
	SchoolID       int64    `json:"school_id"`
	SchoolName     string   `json:"school_name"`
	ProgrammeID    int64    `json:"programme_id,omitempty"`
	Stage          string   `json:"stage"`
	Crebo          string   `json:"crebo,omitempty"`
	Level          int      `json:"level,omitempty"`
	Pathway        string   `json:"pathway"`
	Year           int      `json:"year"`
	HomePostcode   string   `json:"home_postcode"`
	MaxDistanceKm  int      `json:"max_distance_km"`
	Skills         []string `json:"skills"`
	Languages      []string `json:"languages"`
	LookingFor     []string `json:"looking_for"`
	AvailableFrom  Date     `json:"available_from,omitempty"`
	AvailableUntil Date     `json:"available_until,omitempty"`
	CoachID        int64    `json:"coach_id,omitempty"`
	Status         string   `json:"status"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func studentDTO(s domain.Student) Student {
	kinds := make([]string, len(s.LookingFor))
	for i, k := range s.LookingFor {
		kinds[i] = string(k)
	}
	return Student{ID: s.ID, Name: s.Name, Email: s.Email, SchoolID: s.SchoolID, SchoolName: s.SchoolName, ProgrammeID: s.ProgrammeID,
		Stage: string(s.Stage), Crebo: s.Crebo, Level: s.Level, Pathway: string(s.Pathway), Year: s.Year, HomePostcode: s.HomePostcode,
		MaxDistanceKm: s.MaxDistanceKm, Skills: nonNil(s.Skills), Languages: nonNil(s.Languages), LookingFor: kinds,
		AvailableFrom: dateOf(s.Available.Start), AvailableUntil: dateOf(s.Available.End), CoachID: s.CoachID, Status: string(s.Status)}
}

// StudentInput creates or replaces a student profile.
type StudentInput struct {
	Name           string   `json:"name"`
	Email          string   `json:"email,omitempty"`
	SchoolID       int64    `json:"school_id"`
	ProgrammeID    int64    `json:"programme_id,omitempty"`
	Stage          string   `json:"stage"`
	Crebo          string   `json:"crebo,omitempty"`
	Level          int      `json:"level,omitempty"`
	Pathway        string   `json:"pathway"`
	Year           int      `json:"year"`
	HomePostcode   string   `json:"home_postcode"`
	MaxDistanceKm  int      `json:"max_distance_km"`
	Skills         []string `json:"skills,omitempty"`
	Languages      []string `json:"languages,omitempty"`
	LookingFor     []string `json:"looking_for,omitempty"`
	AvailableFrom  Date     `json:"available_from,omitempty"`
	AvailableUntil Date     `json:"available_until,omitempty"`
	CoachID        int64    `json:"coach_id,omitempty"`
	Status         string   `json:"status,omitempty"`
}

func (in StudentInput) domain() (domain.Student, error) {
	var v domain.ValidationError
	s := domain.Student{Name: in.Name, Email: in.Email, SchoolID: in.SchoolID, ProgrammeID: in.ProgrammeID, Stage: domain.Stage(in.Stage),
		Crebo: in.Crebo, Level: in.Level, Pathway: domain.Pathway(in.Pathway), Year: in.Year, HomePostcode: in.HomePostcode,
		MaxDistanceKm: in.MaxDistanceKm, Skills: in.Skills, Languages: in.Languages, CoachID: in.CoachID, Status: domain.StudentStatus(in.Status)}
	for _, k := range in.LookingFor {
		s.LookingFor = append(s.LookingFor, domain.PlacementKind(k))
	}
	s.Available.Start = in.AvailableFrom.time("available_from", &v)
	s.Available.End = in.AvailableUntil.time("available_until", &v)
	return s, v.Err()
}

// Placement is a place a company offers.
type Placement struct {
	ID          int64    `json:"id"`
	CompanyID   int64    `json:"company_id"`
	CompanyName string   `json:"company_name"`
	LocationID  int64    `json:"location_id"`
	Place       string   `json:"place"`
	Postcode    string   `json:"postcode"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Crebos      []string `json:"crebos"`
	Field       string   `json:"field,omitempty"`
	Stage       string   `json:"stage,omitempty"`
	Level       int      `json:"level,omitempty"`
	Pathway     string   `json:"pathway,omitempty"`
	Start       Date     `json:"start,omitempty"`
	End         Date     `json:"end,omitempty"`
	Capacity    int      `json:"capacity"`
	Accepted    int      `json:"accepted"`
	Skills      []string `json:"skills"`
	Languages   []string `json:"languages"`
	Status      string   `json:"status"`
	CloseReason string   `json:"close_reason,omitempty"`
}

func placementDTO(p domain.Placement) Placement {
	return Placement{ID: p.ID, CompanyID: p.CompanyID, CompanyName: p.CompanyName, LocationID: p.LocationID, Place: p.Place,
		Postcode: p.Postcode, Kind: string(p.Kind), Title: p.Title, Description: p.Description, Crebos: nonNil(p.Crebos), Field: p.Field,
		Stage: string(p.Stage), Level: p.Level, Pathway: string(p.Pathway), Start: dateOf(p.Period.Start), End: dateOf(p.Period.End),
		Capacity: p.Capacity, Accepted: p.Accepted, Skills: nonNil(p.Skills), Languages: nonNil(p.Languages), Status: string(p.Status),
		CloseReason: p.CloseReason}
}

// PlacementInput creates or replaces a placement.
type PlacementInput struct {
	CompanyID   int64    `json:"company_id,omitempty"`
	LocationID  int64    `json:"location_id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Crebos      []string `json:"crebos,omitempty"`
	Field       string   `json:"field,omitempty"`
	Stage       string   `json:"stage,omitempty"`
	Level       int      `json:"level,omitempty"`
	Pathway     string   `json:"pathway,omitempty"`
	Start       Date     `json:"start,omitempty"`
	End         Date     `json:"end,omitempty"`
	Capacity    int      `json:"capacity"`
	Skills      []string `json:"skills,omitempty"`
	Languages   []string `json:"languages,omitempty"`
	Status      string   `json:"status,omitempty"`
}

func (in PlacementInput) domain() (domain.Placement, error) {
	var v domain.ValidationError
	p := domain.Placement{CompanyID: in.CompanyID, LocationID: in.LocationID, Kind: domain.PlacementKind(in.Kind), Title: in.Title,
		Description: in.Description, Crebos: in.Crebos, Field: in.Field, Stage: domain.Stage(in.Stage), Level: in.Level,
		Pathway: domain.Pathway(in.Pathway), Capacity: in.Capacity, Skills: in.Skills, Languages: in.Languages,
		Status: domain.PlacementStatus(in.Status)}
	p.Period.Start = in.Start.time("start", &v)
	p.Period.End = in.End.time("end", &v)
	return p, v.Err()
}

// Hit is a search result.
type Hit struct {
	Placement  Placement `json:"placement"`
	DistanceKm *float64  `json:"distance_km,omitempty"`
	Fit        *Fit      `json:"fit,omitempty"` // the searching student's fit
}

// Application is a student's application to a placement.
type Application struct {
	ID             int64     `json:"id"`
	PlacementID    int64     `json:"placement_id"`
	PlacementTitle string    `json:"placement_title"`
	CompanyID      int64     `json:"company_id"`
	CompanyName    string    `json:"company_name"`
	StudentID      int64     `json:"student_id"`
	StudentName    string    `json:"student_name"`
	Status         string    `json:"status"`
	Motivation     string    `json:"motivation,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func appDTO(a domain.Application) Application {
	return Application{ID: a.ID, PlacementID: a.PlacementID, PlacementTitle: a.PlacementTitle, CompanyID: a.CompanyID,
		CompanyName: a.CompanyName, StudentID: a.StudentID, StudentName: a.StudentName, Status: string(a.Status),
		Motivation: a.Motivation, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

// ApplicationDetail is an application with its history and the steps the
// caller may take.
type ApplicationDetail struct {
	Application
	History []Event  `json:"history"`
	Actions []string `json:"actions"`
}

// Event is a step in an application's history.
type Event struct {
	From  string    `json:"from,omitempty"`
	To    string    `json:"to"`
	Actor string    `json:"actor,omitempty"`
	Note  string    `json:"note,omitempty"`
	At    time.Time `json:"at"`
}

// ApplyInput submits an application.
type ApplyInput struct {
	Motivation string `json:"motivation,omitempty"`
}

// ActInput takes a workflow step.
type ActInput struct {
	Note string `json:"note,omitempty"`
}

// CloseInput closes a placement.
type CloseInput struct {
	Reason string `json:"reason,omitempty"`
}

// Count is a labelled number.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// Stats are a region's aggregate figures: no personal data.
type Stats struct {
	Region               string  `json:"region"`
	Schools              int     `json:"schools"`
	Companies            int     `json:"companies"`
	Students             int     `json:"students"`
	OpenPlaces           int     `json:"open_places"`
	Applications         int     `json:"applications"`
	Accepted             int     `json:"accepted"`
	StudentsByStatus     []Count `json:"students_by_status"`
	StudentsByStage      []Count `json:"students_by_stage"`
	PlacementsByStatus   []Count `json:"placements_by_status"`
	OpenPlacementsByKind []Count `json:"open_placements_by_kind"`
	ApplicationsByStatus []Count `json:"applications_by_status"`
}
