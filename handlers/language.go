package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/i18n"
)

const langCookie = "kvp_lang"

// language is one choice in the language switch. Names are written in
// their own language, so everyone finds theirs.
type language struct {
	Code string
	Name string
}

var languages = []language{{"nb", "Bokmål"}, {"nn", "Nynorsk"}, {"en", "English"}}

// localizer returns the localizer for the person's chosen language.
func (h *Handler) localizer(c *fiber.Ctx) *i18n.Localizer {
	if l := c.Cookies(langCookie); l != "" && h.msgs.Supported(l) {
		return h.msgs.For(l)
	}
	return h.msgs.For(i18n.Default)
}

// setLanguage remembers the chosen language for a year and returns the
// person to the page they were on.
func (h *Handler) setLanguage(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !h.msgs.Supported(lang) {
		return errNotFound
	}
	c.Cookie(&fiber.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		Expires:  h.cfg.Now().Add(365 * 24 * time.Hour),
		HTTPOnly: true,
		Secure:   h.cfg.SecureCookies,
		SameSite: "Lax",
	})
	return redirect(c, citizenReturn(c.Query("tilbake")))
}
