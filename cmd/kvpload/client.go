package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// errStopped ends a journey when the run is over (duration, request
// budget or a signal); it is not an error of the portal.
var errStopped = errors.New("run stopped")

// maxBody is the most of a response that is read; the portal's pages are
// far smaller.
const maxBody = 8 << 20

// page is one answered request.
type page struct {
	Method   string
	URL      *url.URL
	Status   int
	Location string
	Body     []byte
	step     string
	doc      *goquery.Document
}

// Doc parses the page as HTML (once).
func (p *page) Doc() *goquery.Document {
	if p.doc == nil {
		d, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
		if err != nil {
			d, _ = goquery.NewDocumentFromReader(strings.NewReader(""))
		}
		p.doc = d
	}
	return p.doc
}

// snippet is a short description of the page for an error report: its
// title and the first message on it.
func (p *page) snippet() string {
	if !bytes.Contains(p.Body, []byte("<html")) {
		return collapse(string(p.Body), 160)
	}
	d := p.Doc()
	s := d.Find("title").First().Text()
	msg := d.Find(".error-summary").First().Text()
	if msg == "" {
		msg = d.Find("main p").First().Text()
	}
	if msg != "" {
		s += " | " + msg
	}
	return collapse(s, 200)
}

// fail describes an unexpected page of step.
func (p *page) fail(kind string) *loadError {
	return &loadError{Step: p.step, Status: p.Status, Kind: kind, Snippet: p.snippet()}
}

// budget decides whether another request may be sent.
type budget interface {
	take() bool
}

// browser is one simulated person's browser without JavaScript: its own
// cookies, redirects followed as a browser does (303 becomes GET), and the
// CSRF token taken from the hidden field of the page it has just got.
type browser struct {
	base   *url.URL
	hc     *http.Client
	rec    *recorder
	budget budget
	last   *page // the last page shown, where forms are read from
}

func newTransport(conns int, timeout time.Duration) *http.Transport {
	return &http.Transport{
		Proxy:                 nil, // the portal is on this machine
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          conns,
		MaxIdleConnsPerHost:   conns,
		MaxConnsPerHost:       conns,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
}

func newBrowser(base *url.URL, tr http.RoundTripper, timeout time.Duration, rec *recorder, b budget) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{
		base: base,
		hc: &http.Client{
			Transport:     tr,
			Jar:           jar,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		rec:    rec,
		budget: b,
	}
}

var (
	refInPath = regexp.MustCompile(`^/saker/[^/]+`)
	addrRe    = regexp.MustCompile(`\[?[0-9a-fA-F.:]+\]?:\d+`)
)

// stepName names a request by its route.
func stepName(method, path string) string {
	get := method == http.MethodGet
	switch {
	case path == "/logg-inn":
		if get {
			return "login-page"
		}
		return "login"
	case path == "/mine-saker" && get:
		return "mine-saker"
	case path == "/soknad":
		if get {
			return "apply-page"
		}
		return "start"
	case strings.HasPrefix(path, "/soknad/steg/"):
		if get {
			return "page:" + strings.TrimPrefix(path, "/soknad/steg/")
		}
		return "step:" + strings.TrimPrefix(path, "/soknad/steg/")
	case path == "/soknad/vedlegg" && !get:
		return "upload"
	case path == "/soknad/oppsummering" && get:
		return "check"
	case path == "/soknad/send" && !get:
		return "submit"
	case strings.HasPrefix(path, "/saker/") && strings.HasSuffix(path, "/kvittering") && get:
		return "receipt"
	case refInPath.MatchString(path) && strings.Count(path, "/") == 2 && get:
		return "case"
	case path == "/healthz":
		return "healthz"
	}
	if refInPath.MatchString(path) {
		path = refInPath.ReplaceAllString(path, "/saker/REF")
	}
	return strings.ToLower(method) + " " + path
}

// do sends one request and reads the whole answer. A transport error or a
// status of 400 or more is returned as a *loadError (and the page, if there
// is one); every answer is timed under its step.
func (b *browser) do(method, path string, body []byte, contentType string) (*page, error) {
	if !b.budget.take() {
		return nil, errStopped
	}
	u, err := b.base.Parse(path)
	if err != nil {
		return nil, &loadError{Step: stepName(method, path), Kind: "bad address", Snippet: err.Error()}
	}
	step := stepName(method, u.Path)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, u.String(), rd)
	if err != nil {
		return nil, &loadError{Step: step, Kind: "bad request", Snippet: err.Error()}
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Language", "nb-NO,nb;q=0.9")
	req.Header.Set("User-Agent", "kvpload")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if b.last != nil {
		// A same-origin referrer, as the portal's policy lets browsers send.
		req.Header.Set("Referer", b.last.URL.String())
		if method == http.MethodPost {
			req.Header.Set("Origin", b.base.Scheme+"://"+b.base.Host)
		}
	}
	start := time.Now()
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, &loadError{Step: step, Kind: transportKind(err), Snippet: collapse(err.Error(), 200)}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	elapsed := time.Since(start)
	if err != nil {
		return nil, &loadError{Step: step, Status: resp.StatusCode, Kind: "reading the answer: " + transportKind(err), Snippet: collapse(err.Error(), 200)}
	}
	b.rec.request(step, elapsed)
	p := &page{Method: method, URL: u, Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: data, step: step}
	if p.Status >= 400 {
		return p, p.fail(fmt.Sprintf("status %d", p.Status))
	}
	if p.Status < 300 {
		b.last = p
	}
	return p, nil
}

// transportKind names a transport error without the parts that change
// from request to request (ports).
func transportKind(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return collapse(addrRe.ReplaceAllString(err.Error(), "ADDR"), 120)
}

// get fetches path and follows its redirects.
func (b *browser) get(path string) (*page, error) {
	p, err := b.do(http.MethodGet, path, nil, "")
	if err != nil {
		return p, err
	}
	return b.follow(p)
}

// follow follows redirects from p as a browser does: with GET.
func (b *browser) follow(p *page) (*page, error) {
	for i := 0; p.Status >= 300 && p.Status < 400; i++ {
		if i == 10 || p.Location == "" {
			return p, p.fail("redirect without end")
		}
		next, err := p.URL.Parse(p.Location)
		if err != nil {
			return p, p.fail("bad redirect")
		}
		if p, err = b.do(http.MethodGet, next.RequestURI(), nil, ""); err != nil {
			return p, err
		}
	}
	return p, nil
}

// csrf is the token in the hidden field of the page shown last.
func (b *browser) csrf(step string) (string, error) {
	if b.last != nil {
		if v, ok := b.last.Doc().Find(`input[name="_csrf"]`).First().Attr("value"); ok && v != "" {
			return v, nil
		}
	}
	where := "no page"
	if b.last != nil {
		where = b.last.URL.Path
	}
	return "", &loadError{Step: step, Kind: "no _csrf field on the page before the post", Snippet: where}
}

// post sends a form with the CSRF token of the page shown last. It does
// not follow the answer's redirect, so the caller can check where it goes.
func (b *browser) post(path string, form url.Values) (*page, error) {
	tok, err := b.csrf(stepName(http.MethodPost, path))
	if err != nil {
		return nil, err
	}
	v := url.Values{"_csrf": {tok}}
	for k, vs := range form {
		v[k] = vs
	}
	return b.do(http.MethodPost, path, []byte(v.Encode()), "application/x-www-form-urlencoded")
}

// upload posts one file as the field "file", with the CSRF token.
func (b *browser) upload(path, name string, data []byte, form url.Values) (*page, error) {
	tok, err := b.csrf(stepName(http.MethodPost, path))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", tok)
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name="file"; filename=%q`, name)}
	h["Content-Type"] = []string{"application/pdf"}
	fw, err := w.CreatePart(h)
	if err != nil {
		return nil, err
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return b.do(http.MethodPost, path, buf.Bytes(), w.FormDataContentType())
}

// expectRedirect checks that p is a 303 to a path starting with prefix.
func expectRedirect(p *page, prefix string) error {
	if p.Status != http.StatusSeeOther {
		return p.fail(fmt.Sprintf("want a redirect to %s, got status %d", prefix, p.Status))
	}
	u, err := p.URL.Parse(p.Location)
	if err != nil || !strings.HasPrefix(u.RequestURI(), prefix) {
		return &loadError{Step: p.step, Status: p.Status, Kind: "redirect to an unexpected page, want " + prefix, Snippet: p.Location}
	}
	return nil
}
