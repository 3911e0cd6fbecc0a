package handlers_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"kvp/internal/testkit"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.Shutdown()
	os.Exit(code)
}

// client is a browser without JavaScript: it keeps cookies, sends the CSRF
// token with every post, and parses the HTML it gets.
type client struct {
	t       *testing.T
	app     *fiber.App
	cookies map[string]string
	htmx    bool
	// tokens are the CSRF tokens read from pages, by the cookies they
	// were read with (a token is bound to the browser and its session).
	tokens map[string]string
}

func newClient(t *testing.T, app *fiber.App) *client {
	return &client{t: t, app: app, cookies: map[string]string{}, tokens: map[string]string{}}
}

type page struct {
	*http.Response
	Body string
	Doc  *goquery.Document
}

func (c *client) do(req *http.Request) *page {
	c.t.Helper()
	var parts []string
	for k, v := range c.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	if c.htmx {
		req.Header.Set("HX-Request", "true")
	}
	resp, err := c.app.Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	body, _ := io.ReadAll(resp.Body)
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
	return &page{Response: resp, Body: string(body), Doc: doc}
}

func (c *client) get(path string) *page {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// follow gets path and follows redirects like a browser.
func (c *client) follow(p *page) *page {
	c.t.Helper()
	for i := 0; i < 10 && p.StatusCode >= 300 && p.StatusCode < 400; i++ {
		p = c.get(p.Header.Get("Location"))
	}
	return p
}

// csrf returns the CSRF token for the citizen's forms.
func (c *client) csrf() string { return c.csrfFor("/") }

// csrfFor returns the CSRF token for a post to path, as a browser has it
// in the page's forms: read from a page of the same area (the staff area
// has its own session, which its tokens are bound to).
func (c *client) csrfFor(path string) string {
	c.t.Helper()
	pages := []string{"/"}
	if strings.HasPrefix(path, "/saksbehandler") {
		pages = []string{"/saksbehandler/logg-inn", "/saksbehandler"}
	}
	snapshot := func() string {
		var b strings.Builder
		for _, k := range []string{"kvp_csrf", "kvp_session", "kvp_staff"} {
			b.WriteString(c.cookies[k] + c.cookies["__Host-"+k] + "|")
		}
		return pages[0] + "|" + b.String()
	}
	if tok, ok := c.tokens[snapshot()]; ok {
		return tok
	}
	htmx := c.htmx
	c.htmx = false
	defer func() { c.htmx = htmx }()
	for _, p := range pages {
		tok, _ := c.get(p).Doc.Find(`meta[name="csrf-token"]`).Attr("content")
		if tok != "" {
			c.tokens[snapshot()] = tok
			return tok
		}
	}
	return ""
}

// post sends a urlencoded form with the CSRF token.
func (c *client) post(path string, form url.Values) *page {
	c.t.Helper()
	copied := url.Values{}
	for k, v := range form {
		copied[k] = append([]string(nil), v...)
	}
	form = copied
	if form.Get("_csrf") == "" {
		form.Set("_csrf", c.csrfFor(path))
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// postRaw sends body as a urlencoded form, exactly as given (plus token).
func (c *client) postRaw(path, body string) *page {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body+"&_csrf="+url.QueryEscape(c.csrfFor(path))))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload posts one file to the application's upload route.
func (c *client) upload(name string, data []byte, extra url.Values) *page {
	c.t.Helper()
	return c.uploadTo("/soknad/vedlegg", name, data, extra)
}

// uploadTo posts one file as the field "file" to path.
func (c *client) uploadTo(path, name string, data []byte, extra url.Values) *page {
	c.t.Helper()
	return c.uploadField(path, "file", name, data, extra)
}

// uploadField posts one file as field to path.
func (c *client) uploadField(path, field, name string, data []byte, extra url.Values) *page {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrfFor(path))
	for k, vs := range extra {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func (c *client) login(nationalID string) {
	c.t.Helper()
	p := c.post("/logg-inn", url.Values{"person": {nationalID}})
	if p.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login: status %d", p.StatusCode)
	}
}

func expectStatus(t *testing.T, p *page, want int) {
	t.Helper()
	if p.StatusCode != want {
		t.Fatalf("status %d, want %d; body: %.400s", p.StatusCode, want, p.Body)
	}
}

func expectRedirect(t *testing.T, p *page, prefix string) {
	t.Helper()
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303 to %s; title %q, errors %q", p.StatusCode, prefix, p.Doc.Find("title").Text(), p.Doc.Find(".error-summary").Text())
	}
	if loc := p.Header.Get("Location"); !strings.HasPrefix(loc, prefix) {
		t.Fatalf("redirect to %q, want %q", loc, prefix)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../attachment/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
