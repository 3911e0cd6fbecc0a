package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
	"kvp/store"
)

// requireAdmin lets only administrators through; others get 404.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if currentStaff(c).Role != auth.RoleAdmin {
		return errNotFound
	}
	return c.Next()
}

type adminOfficesData struct {
	Offices []casework.Office
	Editing bool
	Done    string
	Days    []int
}

// showAdminOffices lists the office directory with a form to add or
// change an office (?kontor=3401 fills it for a change).
func (h *Handler) showAdminOffices(c *fiber.Ctx) error {
	f := forms.OfficeForm{DigitalApply: true}
	editing := false
	if m := c.Query("kontor"); m != "" {
		o, err := h.st.Office(c.UserContext(), m)
		if err != nil {
			return err
		}
		f, editing = forms.OfficeFormFrom(*o), true
	}
	return h.renderAdminOffices(c, f, nil, editing)
}

func (h *Handler) renderAdminOffices(c *fiber.Ctx, f forms.OfficeForm, errs forms.Errors, editing bool) error {
	offices, err := h.st.Offices(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "admin.offices.title")
	p.Data = &adminOfficesData{Offices: offices, Editing: editing, Done: c.Query("lagret"), Days: []int{1, 2, 3, 4, 5}}
	p.Form, p.Errors = f, errs
	return h.render(c, fiber.StatusOK, "admin-offices", p)
}

// saveOffice adds or changes an office after validating it.
func (h *Handler) saveOffice(c *fiber.Ctx) error {
	f, errs := forms.BindOffice(formValues(c))
	if len(errs) == 0 {
		if err := f.Office().Validate(); err != nil {
			errs = forms.Errors{{Field: "municipality", Key: "err.office.invalid", Fallback: "err.invalid"}}
		}
	}
	if len(errs) > 0 {
		return h.renderAdminOffices(c, f, errs, c.FormValue("editing") == "1")
	}
	if err := h.st.UpsertOffices(c.UserContext(), []casework.Office{f.Office()}); err != nil {
		return err
	}
	h.log.Info("office saved", "office", f.Municipality, "staff", currentStaff(c).Email, "request_id", requestID(c))
	return redirect(c, "/saksbehandler/admin/kontorer?lagret="+f.Municipality)
}

type adminRatesData struct {
	Tables casework.RateTables
	Done   bool
}

// showAdminRates shows the rate tables with their history and a form to
// add a row with its effective date.
func (h *Handler) showAdminRates(c *fiber.Ctx) error {
	return h.renderAdminRates(c, forms.RateForm{Table: "g"}, nil)
}

func (h *Handler) renderAdminRates(c *fiber.Ctx, f forms.RateForm, errs forms.Errors) error {
	t, err := h.st.RateTables(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "admin.rates.title")
	p.Data = &adminRatesData{Tables: t, Done: c.Query("lagret") == "1"}
	p.Form, p.Errors = f, errs
	return h.render(c, fiber.StatusOK, "admin-rates", p)
}

// addRate adds a row; a second row on one date is refused.
func (h *Handler) addRate(c *fiber.Ctx) error {
	f, errs := forms.BindRate(formValues(c))
	if len(errs) == 0 {
		err := h.st.AddRate(c.UserContext(), f.Table, f.Rate())
		switch {
		case errors.Is(err, store.ErrConflict):
			errs = forms.Errors{{Field: "from", Key: "err.rate.from.taken", Fallback: "err.invalid"}}
		case err != nil:
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderAdminRates(c, f, errs)
	}
	h.log.Info("rate added", "table", f.Table, "from", f.From, "staff", currentStaff(c).Email, "request_id", requestID(c))
	return redirect(c, "/saksbehandler/admin/satser?lagret=1")
}
