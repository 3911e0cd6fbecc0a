package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
	"kvp/usecase"
)

// Every staff action on a case has its own route (routes.go), its own
// file (staff_<action>.go) holding its staffAction and its handler, and
// its use case (package usecase). The handler binds its form and calls
// the use case; act does the rest the same way for all of them: it finds
// the case (404 for anyone who may not see it), tells a stale form from a
// wrong one, and shows the form again with errors, the conflict, or the
// case page with the action done.

// staffAction describes one action.
type staffAction struct {
	// Name is the action's route segment (after "klage/:appeal/" for an
	// appeal action, prefixed "klage-" here), the value of ?utfort= after
	// it, and its form's id on the case page.
	Name string
	// Title is the message id of its form's title (shown over what was
	// typed when the form is no longer offered).
	Title string
	// Done is the message id of the confirmation shown after it, and
	// Audited of its name in the audit log.
	Done, Audited string
	// Only limits it to applications or to conversation requests (404 on
	// the other kind).
	Only caseKind
	// Appeal is set for an action on one appeal (/klage/:appeal/…).
	Appeal bool
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

// URL is where the action's form posts to, on case cs (and for an appeal
// action, on the appeal with the id).
func (a staffAction) URL(cs *casework.Case, appealID string) templ.SafeURL {
	if a.Appeal {
		return templ.SafeURL("/saksbehandler/saker/" + cs.ID + "/klage/" + appealID + "/" + strings.TrimPrefix(a.Name, "klage-"))
	}
	return templ.SafeURL("/saksbehandler/saker/" + cs.ID + "/" + a.Name)
}

// staffActions are the actions by name, registered by each action's file.
var staffActions = map[string]staffAction{}

func registerAction(a staffAction) staffAction {
	if _, dup := staffActions[a.Name]; dup {
		panic("staff action registered twice: " + a.Name)
	}
	staffActions[a.Name] = a
	return a
}

// actionTarget is what an action's handler works on: the case as the
// staff member was shown it (Seen is the version in their form), the
// appeal an appeal action is on, and who acts.
type actionTarget struct {
	Case     *casework.Case
	Seen     int
	AppealID string
	By       usecase.Actor
}

// change is what an action's handler gives act: the form as posted (shown
// again after an error or a conflict), its errors, and the use case to
// call once the form is valid.
type change struct {
	Form any
	Errs forms.Errors
	Run  func() error
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
	t := actionTarget{Case: cs, Seen: atoi(c.FormValue("version")), By: usecase.Actor{Email: me.Email, Name: me.Name, Role: string(me.Role)}}
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
	ch, err := prepare(t)
	if err != nil {
		return err
	}
	// A case changed since the form was shown (or closed meanwhile) is a
	// conflict, not an error in what was typed.
	if t.Seen != cs.Version {
		return h.conflict(c, cs, a.Name, ch.Form)
	}
	if len(ch.Errs) == 0 {
		err := ch.Run()
		var wait *usecase.NeedsConfirmation
		switch {
		case err == nil:
			return redirect(c, "/saksbehandler/saker/"+cs.ID+"?utfort="+a.Name+"#"+anchor)
		case errors.Is(err, usecase.ErrConflict):
			return h.conflict(c, cs, a.Name, ch.Form)
		case errors.As(err, &wait):
			return h.warnBeforeDeciding(c, cs, ch.Form, t.Seen, wait.Warnings)
		}
		if ch.Errs, err = applyErrors(err, anchor); err != nil {
			return err
		}
	}
	return h.renderStaffCase(c, cs, caseShown{Action: a.Name, Form: ch.Form, Errs: ch.Errs})
}

// applyErrors turns what the domain refused into errors on the form: a
// field's error at the field, a closed case or appeal at anchor (the
// timeline, or the appeal's section). Any other error is returned.
func applyErrors(err error, anchor string) (forms.Errors, error) {
	e, ok := casework.AsError(err)
	if !ok || e.Code != casework.EINVALID && !errors.Is(err, casework.ErrClosed) {
		return nil, err
	}
	field := e.Field
	if field == "" || field == "appeal" {
		field = anchor
	}
	return forms.Errors{casework.Invalid(field, e.Message)}, nil
}

// conflict shows the case as it is now and says that someone else changed
// it first; what the staff member typed is kept, in the form if the page
// still shows it, else read-only.
func (h *Handler) conflict(c *fiber.Ctx, stale *casework.Case, action string, form any) error {
	fresh, err := h.st.Case(c.UserContext(), stale.ID)
	if err != nil {
		return err
	}
	return h.renderStaffCase(c, fresh, caseShown{Action: action, Form: form, Conflict: true})
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
