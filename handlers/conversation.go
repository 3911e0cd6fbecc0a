package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
)

type conversationData struct {
	Offices []casework.Office
	Times   []string
	Modes   []string
	Case    *casework.Case
	Office  *casework.Office
	Owner   bool
}

func (h *Handler) conversationPage(c *fiber.Ctx, f forms.Conversation, errs forms.Errors, status int) error {
	offices, err := h.st.Offices(c.UserContext())
	if err != nil {
		return err
	}
	p := h.page(c, "conv.title")
	p.Data = &conversationData{Offices: offices, Times: casework.PreferredTimes, Modes: casework.MeetingModes}
	p.Form, p.Errors = f, errs
	return h.render(c, status, "conversation", p)
}

// showConversationForm lets anyone ask their office for a conversation.
func (h *Handler) showConversationForm(c *fiber.Ctx) error {
	return h.conversationPage(c, forms.Conversation{Token: newDraftID(), Municipality: c.Query("kommune")}, nil, fiber.StatusOK)
}

// conversationLimiter limits requests from people who are not logged in:
// five an hour per address. A request over the limit is shown again with
// everything typed kept and a message, never silently dropped.
func (h *Handler) conversationLimiter() fiber.Handler {
	return limiter.New(limiter.Config{
		Max:        5,
		Expiration: time.Hour,
		Storage:    h.st.KV("limit-conv"),
		Next: func(c *fiber.Ctx) bool {
			_, loggedIn := c.Locals("identity").(auth.Identity)
			return loggedIn
		},
		LimitReached: func(c *fiber.Ctx) error {
			f, _ := forms.BindConversation(formValues(c), false)
			return h.conversationPage(c, f, forms.Errors{{Field: "message", Key: "err.conversation.message.limit", Fallback: "err.invalid"}}, fiber.StatusTooManyRequests)
		},
	})
}

// requestConversation stores the request as a case for the office. A
// double submit (the same form token) creates one request.
func (h *Handler) requestConversation(c *fiber.Ctx) error {
	me, loggedIn := c.Locals("identity").(auth.Identity)
	f, errs := forms.BindConversation(formValues(c), loggedIn)
	if len(errs) == 0 && f.Municipality == forms.OtherMunicipality {
		return redirect(c, "/kommune/"+forms.OtherMunicipality)
	}
	var office *casework.Office
	if len(errs) == 0 {
		o, err := h.st.Office(c.UserContext(), f.Municipality)
		if errIsNotFound(err) {
			errs = forms.Errors{{Field: "municipality", Key: "err.residence.municipality.unknown", Fallback: "err.invalid"}}
		} else if err != nil {
			return err
		}
		office = o
	}
	if len(errs) > 0 {
		return h.conversationPage(c, f, errs, fiber.StatusOK)
	}
	ref, err := casework.NewReference()
	if err != nil {
		return err
	}
	owner := casework.Person{}
	if loggedIn {
		owner = casework.Person{NationalID: me.NationalID, Name: me.Name}
	}
	cs := casework.NewConversationCase(ref, f.Request(loggedIn, me.Name), owner, *office, h.cfg.Now())
	cs.DraftID = "conversation:" + f.Token
	stored, _, err := h.st.SubmitCase(c.UserContext(), cs)
	if err != nil {
		return err
	}
	return redirect(c, "/samtale/kvittering/"+stored.ID+"?s="+h.receiptSig(stored.ID))
}

// receiptSig lets the browser that sent a request see its receipt without
// a login; the receipt holds no personal details.
func (h *Handler) receiptSig(ref string) string {
	m := hmac.New(sha256.New, h.cfg.SessionKey)
	m.Write([]byte("conversation-receipt:" + ref))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

func (h *Handler) showConversationReceipt(c *fiber.Ctx) error {
	ref, ok := casework.NormalizeReference(c.Params("ref"))
	if !ok || !hmac.Equal([]byte(c.Query("s")), []byte(h.receiptSig(ref))) {
		return errNotFound
	}
	cs, err := h.st.Case(c.UserContext(), ref)
	if err != nil {
		return err
	}
	o, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil && !errIsNotFound(err) {
		return err
	}
	me, loggedIn := c.Locals("identity").(auth.Identity)
	p := h.page(c, "conv.receipt.title")
	p.Data = &conversationData{Case: cs, Office: o, Owner: loggedIn && me.NationalID == cs.Owner.NationalID}
	return h.render(c, fiber.StatusOK, "conversation-receipt", p)
}
