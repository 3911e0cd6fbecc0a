package handlers

import (
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"kvp/attachment"
	"kvp/casework"
	"kvp/forms"
)

// stepData is what every step page gets besides the form.
type stepData struct {
	Step      casework.Step
	Number    int
	Count     int
	Width     string
	Back      string
	FromCheck bool
	Draft     *casework.Draft
	Offices   []casework.Office
	Added     *casework.FileRef
	Removed   bool
	Person    personView
	MaxFiles  int
	MaxSizeMB int
	// For the documents step: the total limit, the files just added (one
	// post may add several), the chosen files that were refused, and
	// whether the person pressed the main button and was kept on the step
	// because of them.
	MaxTotalMB int
	AddedFiles []casework.FileRef
	Refused    []refusedFile
	Stayed     bool
	// For the attachment step's file list.
	Files    []casework.FileRef
	Editable bool
	Case     *casework.Case
	// Choices offered by the steps.
	IncomeSources     []string
	EducationLevels   []string
	HousingSituations []string
}

type personView struct {
	Name       string
	NationalID string
}

func parseStep(c *fiber.Ctx) (casework.Step, error) {
	s := casework.Step(c.Params("step"))
	if casework.StepIndex(s) < 0 {
		return "", errNotFound
	}
	return s, nil
}

func (h *Handler) newStepData(c *fiber.Ctx, s casework.Step, d *casework.Draft) (*stepData, error) {
	i := casework.StepIndex(s)
	me := currentUser(c)
	sd := &stepData{
		Step:       s,
		Number:     i + 1,
		Count:      len(casework.Steps),
		Width:      fmt.Sprintf("w%d", i),
		FromCheck:  c.Query("fra") == "oppsummering",
		Draft:      d,
		Person:     personView{Name: me.Name, NationalID: me.NationalID},
		MaxFiles:   attachment.MaxFiles,
		MaxSizeMB:  attachment.MaxFileSize >> 20,
		MaxTotalMB: attachment.MaxTotalSize >> 20,
		Files:      d.Files,
		Editable:   true,

		IncomeSources:     casework.IncomeSources,
		EducationLevels:   casework.EducationLevels,
		HousingSituations: casework.HousingSituations,
	}
	if i > 0 {
		sd.Back = "/soknad/steg/" + string(casework.Steps[i-1])
	} else {
		sd.Back = "/soknad"
	}
	if s == casework.StepResidence {
		offices, err := h.st.Offices(c.UserContext())
		if err != nil {
			return nil, err
		}
		sd.Offices = offices
	}
	return sd, nil
}

// formFor fills a step's form from the saved draft.
func formFor(s casework.Step, d *casework.Draft) any {
	a := d.Answers
	switch s {
	case casework.StepAboutYou:
		return forms.ContactFrom(a.Contact)
	case casework.StepResidence:
		return forms.Residence{Municipality: a.Residence.Municipality}
	case casework.StepSituation:
		return forms.SituationFrom(a.Situation)
	case casework.StepGoals:
		return forms.GoalsFrom(a.Goals)
	case casework.StepChildren:
		return forms.ChildrenFrom(a.Children, d.IsDone(s))
	case casework.StepHousing:
		return forms.HousingFrom(a.Housing)
	case casework.StepConsent:
		return forms.ConsentFrom(a.Consent)
	}
	return nil
}

// stepAndDraft reads the step in the URL and the person's draft; d is nil
// when there is no draft (the caller sends the person to start one).
func (h *Handler) stepAndDraft(c *fiber.Ctx) (casework.Step, *casework.Draft, error) {
	s, err := parseStep(c)
	if err != nil {
		return "", nil, err
	}
	d, err := h.myDraft(c)
	return s, d, err
}

// showApplicationStep shows one step with what the person saved before.
func (h *Handler) showApplicationStep(c *fiber.Ctx) error {
	s, d, err := h.stepAndDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	sd, err := h.newStepData(c, s, d)
	if err != nil {
		return err
	}
	if s == casework.StepAttachments {
		h.noteFileChange(c, d, sd)
	}
	p := h.page(c, "step."+string(s)+".title")
	p.HTMX = true
	p.Data = sd
	p.Form = formFor(s, d)
	return h.render(c, fiber.StatusOK, "step-"+string(s), p)
}

// noteFileChange tells the person which files were just added (one post
// may add several) or removed.
func (h *Handler) noteFileChange(c *fiber.Ctx, d *casework.Draft, sd *stepData) {
	for _, id := range c.Context().QueryArgs().PeekMulti("lagt-til") {
		for _, f := range d.Files {
			if f.FileID == string(id) {
				sd.AddedFiles = append(sd.AddedFiles, f)
			}
		}
	}
	if len(sd.AddedFiles) > 0 {
		sd.Added = &sd.AddedFiles[0]
	}
	sd.Removed = c.Query("fjernet") == "1"
}

// saveApplicationStep validates and saves one step. Errors re-render the
// step with what was typed (status 200, so htmx swaps it in); success
// redirects to the next step, or back to the check page.
func (h *Handler) saveApplicationStep(c *fiber.Ctx) error {
	s, d, err := h.stepAndDraft(c)
	if err != nil {
		return err
	}
	if d == nil {
		return redirect(c, "/soknad")
	}
	v := formValues(c)
	form, answer, errs, err := h.bindStep(c, s, v)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		sd, err := h.newStepData(c, s, d)
		if err != nil {
			return err
		}
		p := h.page(c, "step."+string(s)+".title")
		p.HTMX, p.Data, p.Form, p.Errors = true, sd, form, errs
		return h.render(c, fiber.StatusOK, "step-"+string(s), p)
	}
	if s == casework.StepResidence {
		if to, ok := h.noDigitalApplication(c, answer.(casework.Residence).Municipality); ok {
			return redirect(c, to)
		}
	}
	if err := h.saveStep(c, d.ID, s, answer); err != nil {
		if errIsNotFound(err) {
			return redirect(c, "/soknad")
		}
		return err
	}
	return redirect(c, afterStep(s, c.Query("fra") == "oppsummering"))
}

// afterStep is where saving step s leads: the next step, or the check page
// after the last step or when the step was opened from the check page.
func afterStep(s casework.Step, fromCheck bool) string {
	i := casework.StepIndex(s)
	if fromCheck || i+1 >= len(casework.Steps) {
		return "/soknad/oppsummering"
	}
	return "/soknad/steg/" + string(casework.Steps[i+1])
}

// bindStep binds the posted values of step s to its form; field and value
// are what to store (field "" stores nothing but marks the step done).
func (h *Handler) bindStep(c *fiber.Ctx, s casework.Step, v url.Values) (form any, answer casework.StepAnswer, errs forms.Errors, err error) {
	switch s {
	case casework.StepAboutYou:
		f, e := forms.BindContact(v)
		return f, f.Answer(), e, nil
	case casework.StepResidence:
		f, e := forms.BindResidence(v)
		offices, err := h.st.Offices(c.UserContext())
		if err != nil {
			return nil, nil, nil, err
		}
		e = f.Known(e, func(m string) bool {
			for _, o := range offices {
				if o.Municipality == m {
					return true
				}
			}
			return false
		})
		return f, casework.Residence{Municipality: f.Municipality}, e, nil
	case casework.StepSituation:
		f, e := forms.BindSituation(v)
		return f, f.Answer(), e, nil
	case casework.StepGoals:
		f, e := forms.BindGoals(v)
		return f, f.Answer(), e, nil
	case casework.StepChildren:
		f, e := forms.BindChildren(v)
		return f, f.Answer(), e, nil
	case casework.StepHousing:
		f, e := forms.BindHousing(v)
		return f, f.Answer(), e, nil
	case casework.StepAttachments:
		return nil, nil, nil, nil
	case casework.StepConsent:
		f, e := forms.BindConsent(v)
		return f, f.Answer(), e, nil
	}
	return nil, nil, nil, errNotFound
}

// saveStep saves a step's answer, or marks a step without one (the
// attachments, saved as they are uploaded) done.
func (h *Handler) saveStep(c *fiber.Ctx, draftID string, s casework.Step, answer casework.StepAnswer) error {
	if answer == nil {
		return h.st.MarkDraftStepDone(c.UserContext(), currentUser(c).NationalID, draftID, s, h.cfg.Now())
	}
	return h.st.SaveDraftAnswer(c.UserContext(), currentUser(c).NationalID, draftID, answer, h.cfg.Now())
}

// noDigitalApplication returns where to send a person whose municipality's
// office does not take applications in the portal.
func (h *Handler) noDigitalApplication(c *fiber.Ctx, muni string) (string, bool) {
	if muni == forms.OtherMunicipality {
		return "/kommune/" + forms.OtherMunicipality, true
	}
	o, err := h.st.Office(c.UserContext(), muni)
	if err == nil && !o.DigitalApply {
		// A strictly confidential address may have a designated office.
		o, err = h.handlingOffice(c.UserContext(), currentUser(c), muni)
	}
	if err != nil || !o.DigitalApply {
		return "/kommune/" + url.PathEscape(muni), true
	}
	return "", false
}

// showNoDigitalApplication tells how to apply where the portal does not
// take the application: never a dead end.
func (h *Handler) showNoDigitalApplication(c *fiber.Ctx) error {
	muni := c.Params("muni")
	p := h.page(c, "nodigital.title")
	if muni != forms.OtherMunicipality {
		o, err := h.st.Office(c.UserContext(), muni)
		if err != nil {
			return err
		}
		if o.DigitalApply {
			return redirect(c, "/soknad")
		}
		p.Data = o
	}
	return h.render(c, fiber.StatusOK, "nodigital", p)
}
