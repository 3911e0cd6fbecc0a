package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/forms"
	"kvp/i18n"
	"kvp/static"
)

// Page is what every template gets: the language, the person, the CSRF
// token, and the page's own data.
type Page struct {
	L           *i18n.Localizer
	Lang        string
	Title       string
	Path        string
	User        *auth.Identity
	Staff       *auth.StaffIdentity
	CSRF        string
	HTMX        bool
	Development bool
	IdleMinutes int
	Errors      forms.Errors
	Languages   []language
	// Action names the staff action whose form was posted (Form, Errors).
	Action   string
	ReturnTo string
	Form     any
	Data     any

	assets *static.Assets
}

// T translates a message id.
func (p *Page) T(id string, args ...any) string { return p.L.T(id, args...) }

// Plural translates a message with plural forms for the count n (go-i18n's
// plural rules for the language).
func (p *Page) Plural(id string, n int, args ...any) string { return p.L.Plural(id, n, args...) }

// Voice translates a text that speaks to the applicant ("Om deg"): on a
// staff page it uses the version about the applicant ("Om søkeren") when
// the messages have one, under "staffview." + id.
func (p *Page) Voice(id string, args ...any) string { return p.L.Voice(p.Staff != nil, id, args...) }

// Err returns the translated error message for field, or "".
func (p *Page) Err(field string) string {
	fe, ok := p.Errors.For(field)
	if !ok {
		return ""
	}
	return p.ErrText(fe)
}

// Date formats a date the Norwegian way ("22. november 2026").
func (p *Page) Date(t time.Time) string { return p.L.Date(t) }

// Weekday names the day of the week of t.
func (p *Page) Weekday(t time.Time) string { return p.L.Weekday(t) }

// DateTime formats a date with the time of day ("22. november 2026 kl. 14:05").
func (p *Page) DateTime(t time.Time) string { return p.L.DateTime(t) }

// ISOTime formats t with the time of day for a <time datetime> attribute.
func (p *Page) ISOTime(t time.Time) string { return t.In(casework.Location()).Format(time.RFC3339) }

// Size formats a byte count ("1,2 MB").
func (p *Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return p.decimal(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " kB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// Amount formats whole kroner with a non-breaking space as the thousands
// separator ("8 500").
func (p *Page) Amount(n int) string { return p.L.Amount(n) }

func (p *Page) decimal(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Checked reports whether list contains v (for checkboxes).
func (p *Page) Checked(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Add adds two ints (for "step 2 of 8").
func (p *Page) Add(a, b int) int { return a + b }

// page builds the data every page needs.
func (h *Handler) page(c *fiber.Ctx, titleKey string) *Page {
	l := h.localizer(c)
	p := &Page{
		L:           l,
		Lang:        l.Lang,
		Title:       l.T(titleKey),
		Path:        c.Path(),
		Development: h.cfg.Development,
		Languages:   languages,
		ReturnTo:    c.OriginalURL(),
		assets:      h.assets,
	}
	p.CSRF = h.pageCSRF(c)
	if s, ok := c.Locals("staff").(auth.StaffIdentity); ok {
		p.Staff = &s
		p.IdleMinutes = int(h.cfg.IdleTimeout / time.Minute)
	}
	if id, ok := c.Locals("identity").(auth.Identity); ok {
		p.User = &id
		p.IdleMinutes = int(h.cfg.IdleTimeout / time.Minute)
	}
	return p
}

// render writes a page whose main content is the html/template page name
// in views/pages. Pages with personal data are never cached.
func (h *Handler) render(c *fiber.Ctx, status int, name string, p *Page) error {
	return h.renderMain(c, status, p, templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		return h.views.Main(w, name, p)
	}))
}

// renderMain writes a page with main as its main content, inside the
// layout. The page is rendered into a buffer first, so an error never
// sends half a page.
func (h *Handler) renderMain(c *fiber.Ctx, status int, p *Page, main templ.Component) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := layout(p, main).Render(c.UserContext(), buf); err != nil {
		return err
	}
	c.Status(status)
	c.Type("html", "utf-8")
	if p.User != nil || p.Staff != nil {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	_, err := c.Write(buf.Bytes())
	return err
}

var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// asset returns the versioned URL of a static file.
func (p *Page) asset(name string) string { return p.assets.URL(name) }

// staffOr returns staff on a staff page, else citizen.
func staffOr(p *Page, staff, citizen string) string {
	if p.Staff != nil {
		return staff
	}
	return citizen
}

// urlQueryEscape escapes s for a URL's query as html/template does
// (everything but unreserved characters, as lower-case %xx), so links
// read the same as before the layout moved to templ.
func urlQueryEscape(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// htmxConfig is htmx's configuration (meta htmx-config): no eval, no
// inline scripts, no history cache, 204 swaps nothing, errors swap too.
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"scrollIntoViewOnBoost":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"[45]..","swap":true,"error":true}]}`

// redirect answers a successful post: 303 to the next page.
func redirect(c *fiber.Ctx, to string) error {
	return c.Redirect(to, fiber.StatusSeeOther)
}

// ErrText translates one field error.
func (p *Page) ErrText(fe *casework.Error) string { return p.L.T(fe.Message) }

// FieldArgs is what the field partials need; see field.
type FieldArgs struct {
	P            *Page
	Name         string
	Label        string
	Value        any
	Hint         string
	Type         string
	Autocomplete string
	Inputmode    string
	Class        string
	Max          int
	Spellcheck   bool
}

// field builds FieldArgs in a template: field $ "phone" "label.key" .Form.Phone
// "hint=hint.key" "type=tel" "autocomplete=tel" "max=2000".
func field(p *Page, name, label string, value any, opts ...string) FieldArgs {
	a := FieldArgs{P: p, Name: name, Label: label, Value: value}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "hint":
			a.Hint = v
		case "type":
			a.Type = v
		case "autocomplete":
			a.Autocomplete = v
		case "inputmode":
			a.Inputmode = v
		case "class":
			a.Class = v
		case "max":
			a.Max, _ = strconv.Atoi(v)
		case "nospell":
			a.Spellcheck = true
		default:
			panic("unknown field option " + k)
		}
	}
	return a
}

// Hours formats one line of opening hours ("Mandag–tirsdag 08:00–15:30").
func (p *Page) Hours(h casework.Hours) string {
	days := p.L.T(fmt.Sprintf("weekday.%d", h.FromDay%7))
	if h.ToDay != h.FromDay {
		to := p.L.T(fmt.Sprintf("weekday.%d", h.ToDay%7))
		if p.Lang != "en" {
			// Norwegian writes weekdays in lower case inside a sentence;
			// English always capitalises them.
			to = strings.ToLower(to)
		}
		days += "–" + to
	}
	return p.L.T("office.hoursline", "Days", days, "Opens", h.Opens, "Closes", h.Closes)
}

// posted returns the form posted to the page as T, and true, if it was
// posted for action: a page with several forms shows what was typed only
// in the one posted, and a misnamed field does not compile. The handlers
// keep the form as a value; a pointer is read too.
func posted[T any](p *Page, action string) (T, bool) {
	if p.Action == action {
		switch f := p.Form.(type) {
		case T:
			return f, true
		case *T:
			if f != nil {
				return *f, true
			}
		}
	}
	var zero T
	return zero, false
}

// postedForm is the form posted for action as T, or an empty T.
func postedForm[T any](p *Page, action string) T {
	f, _ := posted[T](p, action)
	return f
}

// appealOf returns the appeal id an appeal event belongs to ("" for other
// events): appeal events carry "id" or "id:result" in Text.
func appealOf(e casework.Event) string {
	if !strings.HasPrefix(string(e.Type), "appeal") {
		return ""
	}
	id, _, _ := strings.Cut(e.Text, ":")
	return id
}

// appealResult returns the office's result an appeal result event carries
// ("" for none).
func appealResult(e casework.Event) casework.AppealResult {
	_, r, _ := strings.Cut(e.Text, ":")
	return casework.AppealResult(r)
}
