package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// infoPage is one public information page: its path, template and title.
type infoPage struct {
	Path     string
	Template string
}

// infoPages are the public pages, in the order the menu lists them.
var infoPages = []infoPage{
	{"/om-programmet", "info-about"},
	{"/hvem-kan-fa", "info-who"},
	{"/hva-du-kan-fa", "info-pay"},
	{"/varighet", "info-duration"},
	{"/slik-soker-du", "info-apply"},
	{"/etter-at-du-har-sokt", "info-after"},
	{"/utbetaling", "info-payment"},
	{"/kontakt", "info-contact"},
}

type infoData struct {
	Pages   []infoPage
	Benefit casework.Benefit
	Under25 casework.Benefit
	Child   casework.Benefit
	Offices []casework.Office
	// StartMonths is the rule for when a granted programme must start.
	StartMonths int
}

// showInfo renders a public information page. Amounts are computed from
// the rate tables in force today, so a new G shows from its first day.
func (h *Handler) showInfo(page infoPage) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d := &infoData{Pages: infoPages}
		switch page.Template {
		case "info-pay", "info-about":
			t, err := h.st.RateTables(c.UserContext())
			if err != nil {
				return err
			}
			today := h.cfg.Now()
			if d.Benefit, err = t.ComputeBenefit(casework.BenefitInput{On: today, Age: 30}); err != nil {
				return err
			}
			if d.Under25, err = t.ComputeBenefit(casework.BenefitInput{On: today, Age: 20}); err != nil {
				return err
			}
			if d.Child, err = t.ComputeBenefit(casework.BenefitInput{On: today, Age: 30, Children: 1}); err != nil {
				return err
			}
		case "info-after":
			t, err := h.st.RateTables(c.UserContext())
			if err != nil {
				return err
			}
			if d.StartMonths, err = t.LatestStartMonths(h.cfg.Now()); err != nil {
				return err
			}
		case "info-payment", "info-contact":
			offices, err := h.st.Offices(c.UserContext())
			if err != nil {
				return err
			}
			d.Offices = offices
		}
		p := h.page(c, "info."+page.Template+".title")
		p.Data = d
		return h.render(c, fiber.StatusOK, page.Template, p)
	}
}

// Share names a share of the full rate in words ("to tredjedeler"), or
// writes it as a fraction when the messages have no words for it.
func (p *Page) Share(num, per int) string { return p.L.Share(num, per) }

// G formats a rate in thousandths of G ("2,041").
func (p *Page) G(thousandths int) string { return p.L.G(thousandths) }
