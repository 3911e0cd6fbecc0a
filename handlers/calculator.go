package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/forms"
)

type calcData struct {
	Offices      []casework.Office
	Office       *casework.Office
	Result       *casework.Benefit
	ExceptionOff bool
	Asked        bool
}

// showCalculator shows the benefit calculator and, when it has been
// filled in, the result. It works as a plain GET form; with htmx the
// result updates as the person types.
func (h *Handler) showCalculator(c *fiber.Ctx) error {
	offices, err := h.st.Offices(c.UserContext())
	if err != nil {
		return err
	}
	d := &calcData{Offices: offices}
	p := h.page(c, "calc.title")
	p.HTMX = true
	p.Data = d
	v := queryValues(c)
	if len(v) == 0 {
		p.Form = forms.Calculator{}
		return h.render(c, fiber.StatusOK, "calculator", p)
	}
	d.Asked = true
	f, errs := forms.BindCalculator(v)
	if len(errs) == 0 && f.Municipality != "" {
		for i := range offices {
			if offices[i].Municipality == f.Municipality {
				d.Office = &offices[i]
			}
		}
		if d.Office == nil {
			errs = append(errs, casework.Invalid("kommune", "err.calc.kommune.unknown"))
		}
	}
	p.Form, p.Errors = f, errs
	if len(errs) == 0 {
		t, err := h.st.RateTables(c.UserContext())
		if err != nil {
			return err
		}
		exception := f.OwnHome && d.Office != nil && d.Office.Under25OwnHome
		d.ExceptionOff = f.OwnHome && f.AgeYears() < 25 && !exception
		b, err := t.ComputeBenefit(casework.BenefitInput{On: h.cfg.Now(), Age: f.AgeYears(), Children: f.ChildCount(), OwnHomeException: exception})
		if err != nil {
			return err
		}
		d.Result = &b
	}
	c.Vary("HX-Request")
	return h.render(c, fiber.StatusOK, "calculator", p)
}
