package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
	"kvp/notify"
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

// Limits on conversation requests from people who are not logged in.
const (
	conversationLimit  = 5
	conversationWindow = time.Hour
)

// counted is the Locals key by which requestConversation tells the limiter
// that a post counts against the address's limit.
const counted = "conversation-counted"

// limitEntry is one address's count in the current window.
type limitEntry struct {
	Count int       `json:"n"`
	Reset time.Time `json:"reset"`
}

// conversationLimiter limits requests: five an hour per address (see
// clientAddr) for people who are not logged in, and five an hour per
// person for those who are. Only requests that were
// stored count, and posts that filled the hidden robot field; a post
// refused for a mistake in the form does not, so someone correcting their
// answers is never locked out. A request over the limit is shown again
// with everything typed kept and a message, never silently dropped.
//
// A slot is taken before the request is handled and given back after it
// when the request did not count, so that requests sent at the same time
// cannot together pass the limit.
func (h *Handler) conversationLimiter() fiber.Handler {
	kv := h.st.KV("limit-conv")
	var mu sync.Mutex
	// change adds delta to key's count unless that would pass the limit,
	// and reports whether it did.
	change := func(key string, delta int) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		now := h.cfg.Now()
		var e limitEntry
		b, err := kv.Get(key)
		if err != nil {
			return false, err
		}
		if b == nil || json.Unmarshal(b, &e) != nil || !e.Reset.After(now) {
			e = limitEntry{Reset: now.Add(conversationWindow)}
		}
		if delta > 0 && e.Count+delta > conversationLimit {
			return false, nil
		}
		e.Count = max(e.Count+delta, 0)
		b, err = json.Marshal(e)
		if err != nil {
			return false, err
		}
		return true, kv.Set(key, b, e.Reset.Sub(now))
	}
	return func(c *fiber.Ctx) error {
		key := "addr:" + h.clientAddr(c)
		if me, loggedIn := c.Locals("identity").(auth.Identity); loggedIn {
			key = "person:" + me.NationalID
		}
		ok, err := change(key, 1)
		if err != nil {
			return err
		}
		if !ok {
			h.log.Info("conversation request limited", "request_id", requestID(c))
			f, _ := forms.BindConversation(formValues(c), false)
			return h.conversationPage(c, f, forms.Errors{casework.Invalid("message", "err.conversation.message.limit")}, fiber.StatusTooManyRequests)
		}
		err = c.Next()
		if yes, _ := c.Locals(counted).(bool); !yes || err != nil {
			if _, gerr := change(key, -1); gerr != nil {
				h.log.Error("give back a conversation request slot", "err", gerr, "request_id", requestID(c))
			}
		}
		return err
	}
}

// clientAddr is the address a request came from, for limits. Without a
// proxy header (KVP_PROXY_HEADER) it is the connection's peer. With one,
// and when the peer is a trusted proxy (KVP_TRUSTED_PROXIES), it is the
// last address in that header that is not itself a trusted proxy: proxies
// append the address they received the request from, so the addresses to
// its left were written by the client and could be anything.
func (h *Handler) clientAddr(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP().String()
	if h.cfg.ProxyHeader == "" || !c.IsProxyTrusted() {
		return peer
	}
	hops := strings.Split(c.Get(h.cfg.ProxyHeader), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip := parseHop(hops[i])
		if ip == nil {
			// Empty or not an address: nothing to the left can be trusted.
			return peer
		}
		if !h.trusted.contains(ip) {
			return ip.String()
		}
	}
	return peer
}

// parseHop reads one address of a proxy header, with or without a port.
func parseHop(s string) net.IP {
	s = strings.TrimSpace(s)
	if ip := net.ParseIP(s); ip != nil {
		return ip
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		return net.ParseIP(host)
	}
	return nil
}

type proxyList []*net.IPNet

// parseProxies reads addresses and ranges (CIDR); entries that are neither
// are left out (the configuration refuses them at start).
func parseProxies(list []string) proxyList {
	var out proxyList
	for _, s := range list {
		s = strings.TrimSpace(s)
		if _, n, err := net.ParseCIDR(s); err == nil {
			out = append(out, n)
			continue
		}
		if ip := net.ParseIP(s); ip != nil {
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
		}
	}
	return out
}

func (l proxyList) contains(ip net.IP) bool {
	for _, n := range l {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// requestConversation stores the request as a case for the office. A
// double submit (the same form token) creates one request.
func (h *Handler) requestConversation(c *fiber.Ctx) error {
	me, loggedIn := c.Locals("identity").(auth.Identity)
	f, errs := forms.BindConversation(formValues(c), loggedIn)
	if c.FormValue("website") != "" {
		// The hidden robot field was filled in: this counts against the
		// address's limit, whatever else is wrong with the post.
		c.Locals(counted, true)
	}
	if len(errs) == 0 && f.Municipality == forms.OtherMunicipality {
		return redirect(c, "/kommune/"+forms.OtherMunicipality)
	}
	var office *casework.Office
	if len(errs) == 0 {
		o, err := h.handlingOffice(c.UserContext(), me, f.Municipality)
		if errIsNotFound(err) {
			errs = forms.Errors{casework.Invalid("municipality", "err.residence.municipality.unknown")}
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
	protectCase(cs, me)
	// The form's token makes a double submit one request, but only for
	// the one who sent it: bound to the person (logged in) or to the
	// browser (not logged in), another person posting the same token gets
	// a request of their own, never the first one's receipt.
	cs.DraftID = "conversation:" + f.Token + ":" + submitterKey(c, me, loggedIn)
	stored, created, err := h.st.SubmitCase(c.UserContext(), cs)
	if err != nil {
		return err
	}
	receipt := "/samtale/kvittering/" + stored.ID + "?s=" + h.receiptSig(stored.ID)
	if created {
		// A double submit of one form is one request against the limit.
		c.Locals(counted, true)
		// Logged in, the request is on «Mine saker»; otherwise its receipt
		// shows the answer.
		page := receipt
		if stored.Owner.NationalID != "" {
			page = "/saker/" + stored.ID
		}
		h.queueReceipt(c, stored, notify.Receipt{Kind: notify.KindReceivedConversation, Key: notify.ReceivedKey(stored.ID, ""), Path: page})
	}
	return redirect(c, receipt)
}

// submitterKey identifies who sends a conversation request, without
// storing who they are: a hash of the national id or of the browser's own
// CSRF cookie value.
func submitterKey(c *fiber.Ctx, me auth.Identity, loggedIn bool) string {
	who := "browser:"
	if loggedIn {
		who = "person:" + me.NationalID
	} else if b, _ := c.Locals("csrfBrowser").(string); b != "" {
		who += b
	}
	sum := sha256.Sum256([]byte(who))
	return hex.EncodeToString(sum[:12])
}

// receiptSig lets the browser that sent a request see its receipt without
// a login; the receipt holds no personal details.
func (h *Handler) receiptSig(ref string) string { return receiptSignature(h.cfg.SessionKey, ref) }

func receiptSignature(key []byte, ref string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("conversation-receipt:" + ref))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// ReceiptLinks returns the signed address of a conversation request's
// receipt page (for the notice to someone who asked without logging in),
// for a portal at publicURL with the session key.
func ReceiptLinks(key []byte, publicURL string) func(ref string) string {
	return func(ref string) string {
		return publicURL + "/samtale/kvittering/" + ref + "?s=" + receiptSignature(key, ref)
	}
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
