package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

// requestDocumentsAction asks the applicant for documents by a deadline.
var requestDocumentsAction = registerAction(staffAction{Name: casework.ActionRequestDocuments, Title: "staff.action.docs", Done: "staff.done.dokumentasjon", Audited: "staff.audit.action.dokumentasjon", Only: applications})

func (h *Handler) requestDocuments(c *fiber.Ctx) error {
	return h.act(c, requestDocumentsAction, func(t actionTarget) (change, error) {
		f, errs := forms.BindDocRequest(formValues(c))
		return change{Form: f, Errs: errs, Run: func() error { return h.staff.RequestDocuments(c.UserContext(), t.By, t.Case, t.Seen, f.Request()) }}, nil
	})
}
