package handlers

import (
	"errors"
	"strconv"

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
	// Editing is the municipality number of the office being changed, or
	// "" when the form adds a new office.
	Editing string
	// Demo is true when the office being changed is development demo data.
	Demo bool
	Done string
	Days []officeDay
}

// officeDay is one weekday of the opening-hours form: its number in the
// form (1 = Monday … 7 = Sunday) and its message id.
type officeDay struct {
	Day int
	Key string
}

func officeDays() []officeDay {
	out := make([]officeDay, 0, len(forms.Weekdays))
	for _, d := range forms.Weekdays {
		out = append(out, officeDay{Day: d, Key: "weekday." + strconv.Itoa(d%7)})
	}
	return out
}

// showAdminOffices lists the office directory with a form to add an
// office, or to change one (?kontor=3401 fills it in).
func (h *Handler) showAdminOffices(c *fiber.Ctx) error {
	f := forms.OfficeForm{DigitalApply: true}
	var editing *casework.Office
	if m := c.Query("kontor"); m != "" {
		o, err := h.st.Office(c.UserContext(), m)
		if err != nil {
			return err
		}
		f, editing = forms.OfficeFormFrom(*o), o
	}
	return h.renderAdminOffices(c, f, nil, editing)
}

func (h *Handler) renderAdminOffices(c *fiber.Ctx, f forms.OfficeForm, errs forms.Errors, editing *casework.Office) error {
	offices, err := h.st.Offices(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "admin.offices.title")
	d := &adminOfficesData{Offices: offices, Done: c.Query("lagret"), Days: officeDays()}
	if editing != nil {
		d.Editing, d.Demo = editing.Municipality, editing.Demo
	}
	p.Data = d
	p.Form, p.Errors = f, errs
	return h.render(c, fiber.StatusOK, "admin-offices", p)
}

// saveOffice adds an office (refused if its municipality number is taken)
// or changes one (the number of an office cannot change: it is what cases
// and staff accounts refer to). A change keeps what the form does not
// show: whether the office is demo data, its source and notes.
func (h *Handler) saveOffice(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f, errs := forms.BindOffice(formValues(c))
	var base *casework.Office
	if m := c.FormValue("editing"); m != "" {
		o, err := h.st.Office(ctx, m)
		switch {
		case errIsNotFound(err):
			// Removed meanwhile (a demo office on a production start): the
			// form is shown again as a new office, with what was typed.
			errs = firstError(errs, casework.Invalid("municipality", "err.office.municipality.gone"))
		case err != nil:
			return err
		default:
			base = o
			if f.Municipality != o.Municipality {
				f.Municipality = o.Municipality
				errs = firstError(errs, casework.Invalid("municipality", "err.office.municipality.fixed"))
			}
		}
	}
	if len(errs) == 0 {
		if err := f.Office(base).Validate(); err != nil {
			errs = forms.Errors{casework.Invalid("municipality", "err.office.invalid")}
		}
	}
	if len(errs) == 0 {
		var err error
		if base == nil {
			err = h.st.AddOffice(ctx, f.Office(nil))
		} else {
			err = h.st.ReplaceOffice(ctx, f.Office(base))
		}
		switch {
		case errors.Is(err, store.ErrConflict):
			errs = forms.Errors{casework.Invalid("municipality", "err.office.municipality.taken")}
		case errIsNotFound(err):
			base = nil
			errs = forms.Errors{casework.Invalid("municipality", "err.office.municipality.gone")}
		case err != nil:
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderAdminOffices(c, f, errs, base)
	}
	h.log.Info("office saved", "office", f.Municipality, "new", base == nil, "staff", currentStaff(c).Email, "request_id", requestID(c))
	return redirect(c, "/saksbehandler/admin/kontorer?lagret="+f.Municipality)
}

// firstError puts fe first, in place of any other error for its field.
func firstError(errs forms.Errors, fe *casework.Error) forms.Errors {
	out := forms.Errors{fe}
	for _, e := range errs {
		if e.Field != fe.Field {
			out = append(out, e)
		}
	}
	return out
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
			errs = forms.Errors{casework.Invalid("from", "err.rate.from.taken")}
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
