// Package casework holds the portal's domain: applications, cases and their
// events, offices, and the deadline arithmetic of the law. It imports nothing
// from the web or storage layers.
package casework

import "time"

// Step names one page of the application, in order. The names are used in
// URLs, so they are Norwegian like the rest of the citizen-facing paths.
type Step string

// The application's steps, one topic per page.
const (
	StepAboutYou    Step = "om-deg"
	StepResidence   Step = "bosted"
	StepSituation   Step = "situasjon"
	StepGoals       Step = "mal"
	StepChildren    Step = "barn"
	StepHousing     Step = "bolig"
	StepAttachments Step = "vedlegg"
	StepConsent     Step = "samtykke"
)

// Steps lists the application's steps in the order they are shown.
var Steps = []Step{StepAboutYou, StepResidence, StepSituation, StepGoals, StepChildren, StepHousing, StepAttachments, StepConsent}

// StepIndex returns the position of s in Steps, or -1.
func StepIndex(s Step) int {
	for i, x := range Steps {
		if x == s {
			return i
		}
	}
	return -1
}

// Answers are everything a person answers in the application.
type Answers struct {
	Contact   Contact   `bson:"contact"`
	Residence Residence `bson:"residence"`
	Situation Situation `bson:"situation"`
	Goals     Goals     `bson:"goals"`
	Children  Children  `bson:"children"`
	Housing   Housing   `bson:"housing"`
	Consent   Consent   `bson:"consent"`
}

// Contact is how the office reaches the person and where they live.
type Contact struct {
	Phone      string `bson:"phone"`
	Email      string `bson:"email"`
	Street     string `bson:"street"`
	PostalCode string `bson:"postalCode"`
	PostalTown string `bson:"postalTown"`
}

// Residence is the municipality the person lives in; it decides the office.
type Residence struct {
	Municipality string `bson:"municipality"`
}

// Income sources a person can tick in the situation step.
var IncomeSources = []string{"sosialhjelp", "arbeid", "aap", "dagpenger", "sykepenger", "uforetrygd", "bostotte", "annet", "ingen"}

// Education levels offered in the situation step.
var EducationLevels = []string{"grunnskole-ikke-fullfort", "grunnskole", "videregaende-ikke-fullfort", "videregaende", "fagbrev", "hoyere", "annet"}

// Situation describes the person's life today.
type Situation struct {
	IncomeSources  []string `bson:"incomeSources"`
	IncomeOther    string   `bson:"incomeOther"`
	WorkExperience string   `bson:"workExperience"`
	Education      string   `bson:"education"`
	TriedBefore    string   `bson:"triedBefore"`
}

// Goals is what the person wants to achieve with the programme.
type Goals struct {
	Goal    string `bson:"goal"`
	Support string `bson:"support"`
}

// Children are the children the person provides for (for the child supplement).
type Children struct {
	HasChildren bool  `bson:"hasChildren"`
	Ages        []int `bson:"ages"`
}

// Housing situations offered in the housing step.
var HousingSituations = []string{"eier", "leier", "bor-hos-andre", "uten-fast-bolig", "annet"}

// Housing is the person's housing and its monthly cost.
type Housing struct {
	Situation   string `bson:"situation"`
	MonthlyCost int    `bson:"monthlyCost"`
}

// Consent holds the consent to obtain information and the declaration.
type Consent struct {
	ObtainInformation bool `bson:"obtainInformation"`
	Declaration       bool `bson:"declaration"`
}

// FileRef is an attached document, stored in GridFS under FileID.
type FileRef struct {
	FileID     string    `bson:"fileId"`
	Name       string    `bson:"name"`
	Kind       string    `bson:"kind"`
	Size       int64     `bson:"size"`
	UploadedAt time.Time `bson:"uploadedAt"`
}

// Draft is an application being filled in. A person has at most one.
type Draft struct {
	ID        string    `bson:"id"`
	Answers   Answers   `bson:"answers"`
	Done      []Step    `bson:"done"`
	Files     []FileRef `bson:"files"`
	FileBytes int64     `bson:"fileBytes"`
	CreatedAt time.Time `bson:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

// DraftLifetime is how long an untouched draft is kept.
const DraftLifetime = 14 * 24 * time.Hour

// ExpiresAt is when the draft is deleted unless it is saved again.
func (d *Draft) ExpiresAt() time.Time { return d.UpdatedAt.Add(DraftLifetime) }

// IsDone reports whether step s has been saved.
func (d *Draft) IsDone(s Step) bool {
	for _, x := range d.Done {
		if x == s {
			return true
		}
	}
	return false
}

// FirstUnfinished returns the first step not yet saved, or "" when all are.
// The attachment step counts as done once visited, since files are optional.
func (d *Draft) FirstUnfinished() Step {
	for _, s := range Steps {
		if !d.IsDone(s) {
			return s
		}
	}
	return ""
}

// Person is the identity a login gives: national id, name and the assurance
// level of the login (ID-porten's acr).
type Person struct {
	NationalID string `bson:"nationalId"`
	Name       string `bson:"name"`
}

// StepAnswer is the answer of one application step, as the store saves it
// into a draft.
type StepAnswer interface{ Step() Step }

// Step is the step each answer belongs to.
func (Contact) Step() Step { return StepAboutYou }

// Step is the step each answer belongs to.
func (Residence) Step() Step { return StepResidence }

// Step is the step each answer belongs to.
func (Situation) Step() Step { return StepSituation }

// Step is the step each answer belongs to.
func (Goals) Step() Step { return StepGoals }

// Step is the step each answer belongs to.
func (Children) Step() Step { return StepChildren }

// Step is the step each answer belongs to.
func (Housing) Step() Step { return StepHousing }

// Step is the step each answer belongs to.
func (Consent) Step() Step { return StepConsent }
