package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// Every staff action on a case has its own route (routes.go) and its own
// file (staff_<action>.go) holding its staffAction and its handler. The
// handler binds its form and says what the change is; act does the rest
// the same way for all of them: it finds the case (404 for anyone who may
// not see it), checks the version the form was shown at, applies the
// change, shows the form again with errors, or saves it audit-first,
// notifies the person and returns to the case page.

// staffAction describes one action.
type staffAction struct {
	// Name is the action's route segment (after "klage/:appeal/" for an
	// appeal action, prefixed "klage-" here), the value of ?utfort= after
	// it, and its form's id on the case page.
	Name string
	// Title is the message id of its form's title (shown over what was
	// typed when the form is no longer offered).
	Title string
	// Only limits it to applications or to conversation requests (404 on
	// the other kind).
	Only caseKind
	// Appeal is set for an action on one appeal (/klage/:appeal/…).
	Appeal bool
	// Notifies: the person is told of it; Decides: it can make a new
	// decision, whose notice starts the appeal deadline.
	Notifies, Decides bool
	// Relabel names a form's field by another label where the action uses
	// a shared form (forms.Typed labels → this action's labels).
	Relabel map[string]string
}

type caseKind int

const (
	anyCase caseKind = iota
	applications
	conversations
)

// staffActions are the actions by name, registered by each action's file.
var staffActions = map[string]staffAction{}

func registerAction(a staffAction) staffAction {
	if _, dup := staffActions[a.Name]; dup {
		panic("staff action registered twice: " + a.Name)
	}
	staffActions[a.Name] = a
	return a
}

// actionTarget is what an action's handler works on.
type actionTarget struct {
	Case *casework.Case
	// AppealID is the appeal an appeal action is on.
	AppealID string
	By       casework.Staff
	Now      time.Time
}

// change is what an action's handler gives act: the form as posted (shown
// again after an error or a conflict), its errors, and the change to make
// on the case once the form is valid.
type change struct {
	Form  any
	Errs  forms.Errors
	Apply func() error
	// Hold, if set, runs once the change is applied without errors and may
	// show a page instead of saving (a decision with warnings).
	Hold func() (held bool, err error)
}

// act runs action a on the case in the URL with the change prepare gives.
func (h *Handler) act(c *fiber.Ctx, a staffAction, prepare func(t actionTarget) (change, error)) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	if a.Only == applications && cs.IsConversation() || a.Only == conversations && !cs.IsConversation() {
		return errNotFound
	}
	me := currentStaff(c)
	t := actionTarget{Case: cs, By: casework.Staff{Email: me.Email, Name: me.Name}, Now: h.cfg.Now()}
	// Errors about the case as a whole go to the timeline, or to the
	// appeal's own section.
	anchor := "hendelser"
	if a.Appeal {
		ap := cs.Appeal(c.Params("appeal"))
		if ap == nil {
			return errNotFound
		}
		t.AppealID, anchor = ap.ID, "appeal-"+ap.ID
	}
	seen := atoi(c.FormValue("version"))
	ch, err := prepare(t)
	if err != nil {
		return err
	}
	// A case changed since the form was shown (or closed meanwhile) is a
	// conflict, not an error in what was typed.
	if seen != cs.Version {
		return h.conflict(c, cs, a.Name, ch.Form)
	}
	if len(ch.Errs) == 0 {
		if ch.Errs, err = applyErrors(ch.Apply(), anchor); err != nil {
			return err
		}
	}
	if len(ch.Errs) > 0 {
		c.Locals("decisionWarnings", nil)
		return h.renderStaffCase(c, cs, a.Name, ch.Form, ch.Errs, false)
	}
	if ch.Hold != nil {
		if held, err := ch.Hold(); held || err != nil {
			return err
		}
	}
	return h.saveAction(c, cs, a, ch.Form, seen, t.AppealID, anchor)
}

// applyErrors turns what the domain refused into errors on the form: a
// field's error at the field, a closed case or appeal at anchor (the
// timeline, or the appeal's section). Any other error is returned.
func applyErrors(err error, anchor string) (forms.Errors, error) {
	var ae *casework.ActionError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &ae):
		field := ae.Field
		if field == "appeal" {
			field = anchor
		}
		return forms.Errors{{Field: field, Key: ae.Key, Fallback: "err.invalid"}}, nil
	case errors.Is(err, casework.ErrClosed):
		return forms.Errors{{Field: anchor, Key: "err.action.closed", Fallback: "err.invalid"}}, nil
	}
	return nil, err
}

// saveAction writes a case changed by a staff action if it still has the
// version the staff member saw, and returns to the case page. The audit
// entry is written first: if that fails, nothing is changed. If the case
// then cannot be written, a second entry records that the change was not
// saved.
func (h *Handler) saveAction(c *fiber.Ctx, cs *casework.Case, a staffAction, form any, seen int, detail, anchor string) error {
	if seen != cs.Version {
		return h.conflict(c, cs, a.Name, form)
	}
	if err := h.audit(c, cs, a.Name, detail); err != nil {
		return err
	}
	if err := h.st.UpdateCase(c.UserContext(), cs, seen); err != nil {
		if aerr := h.audit(c, cs, "ikke-lagret", a.Name); aerr != nil {
			return errors.Join(err, aerr)
		}
		if errors.Is(err, store.ErrConflict) {
			return h.conflict(c, cs, a.Name, form)
		}
		return err
	}
	if err := h.notifyAfter(c, cs, a); err != nil {
		return err
	}
	return redirect(c, "/saksbehandler/saker/"+cs.ID+"?utfort="+a.Name+"#"+anchor)
}

// conflict shows the case as it is now and says that someone else changed
// it first; what the staff member typed is kept, in the form if the page
// still shows it, else read-only.
func (h *Handler) conflict(c *fiber.Ctx, stale *casework.Case, action string, form any) error {
	fresh, err := h.st.Case(c.UserContext(), stale.ID)
	if err != nil {
		return err
	}
	return h.renderStaffCase(c, fresh, action, form, nil, true)
}
