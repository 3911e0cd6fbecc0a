package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// serverDB returns the server-mode database for tests that run several
// portal processes (scripts/test starts FerretDB on PostgreSQL for them),
// or skips the test, saying why; with KVP_TEST_SERVER_REQUIRED=1 (CI) a
// missing database fails it instead.
func serverDB(t *testing.T) string {
	t.Helper()
	uri := os.Getenv("KVP_TEST_SERVER_DB_URI")
	if uri == "" {
		if os.Getenv("KVP_TEST_SERVER_REQUIRED") == "1" {
			t.Fatal("KVP_TEST_SERVER_DB_URI is not set (scripts/serverdb start prints it)")
		}
		t.Skip("skipped: set KVP_TEST_SERVER_DB_URI to a server-mode database (scripts/serverdb start DIR) to run two portal processes on it")
	}
	return uri
}

// portalProcess is one running portal binary.
type portalProcess struct {
	cmd     *exec.Cmd
	base    string
	metrics string
	done    chan struct{}
}

// buildPortal builds the portal binary once per test.
func buildPortal(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kvp")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func startPortal(t *testing.T, bin, uri, db, key string) *portalProcess {
	t.Helper()
	addr, maddr := freeAddr(t), freeAddr(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "MONGODB_URI="+uri, "KVP_DB_NAME="+db, "KVP_ADDR="+addr,
		"KVP_SESSION_KEY="+key, "KVP_ENV=development", "KVP_METRICS_ADDR="+maddr, "KVP_LOG_LEVEL=warn")
	logf, err := os.Create(filepath.Join(t.TempDir(), "portal.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &portalProcess{cmd: cmd, base: "http://" + addr, metrics: "http://" + maddr + "/metrics", done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop(); _ = logf.Close() })
	waitReady(t, p.base)
	return p
}

// stop ends the process cleanly (SIGTERM) and waits for it.
func (p *portalProcess) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(40 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// holdsLease reads the process's metrics: whether it holds the lease for
// background work.
func (p *portalProcess) holdsLease() bool {
	resp, err := http.Get(p.metrics)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Contains(string(b), `kvp_lease_held{lease="sweeper"} 1`)
}

// browser is a person's browser: cookies are per host, not per port, so
// one browser is logged in on both instances.
type browser struct {
	t *testing.T
	c *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(u string) (int, *goquery.Document, string) {
	b.t.Helper()
	resp, err := b.c.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	return resp.StatusCode, doc, string(body)
}

func (b *browser) post(u string, form url.Values) (int, string, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(u, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// login logs the browser in on the portal at base as the development
// login's first test person.
func (b *browser) login(base string) {
	b.t.Helper()
	_, doc, _ := b.get(base + "/logg-inn")
	form := formValues(doc, `form[action="/logg-inn"]`)
	person, _ := doc.Find(`input[name="person"]`).First().Attr("value")
	form.Set("person", person)
	if code, _, body := b.post(base+"/logg-inn", form); code != http.StatusSeeOther {
		b.t.Fatalf("login on %s: %d %.300s", base, code, body)
	}
}

// conversationRequest fills in the conversation request form as the
// portal at base shows it.
func (b *browser) conversationRequest(base string) url.Values {
	b.t.Helper()
	_, doc, _ := b.get(base + "/samtale")
	form := formValues(doc, `form[action="/samtale"]`)
	form.Set("municipality", "3401")
	form.Set("times", "morning")
	form.Set("modes", "phone")
	form.Set("phone", "912 34 567")
	return form
}

// referenceIn returns the case reference (XXXX-XXXX) in a redirect's
// address, or "".
func referenceIn(loc string) string {
	for _, part := range strings.Split(strings.SplitN(loc, "?", 2)[0], "/") {
		if len(part) == 9 && part[4] == '-' {
			return part
		}
	}
	return ""
}

// formValues returns the values a browser would send for the form sel
// as it is on the page.
func formValues(doc *goquery.Document, sel string) url.Values {
	v := url.Values{}
	doc.Find(sel).Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		val, _ := s.Attr("value")
		v.Add(n, val)
	})
	return v
}

// Two portal processes on one server-mode database: a session from one
// works on the other, a request sent on one shows on the other, two
// caseworkers on different instances adding a note to one case at the
// same moment lose nothing (the loser is told, with the note kept), one
// instance holds the lease for background work, and when it stops cleanly
// the other takes over within seconds.
func TestTwoInstancesOnAServerDatabase(t *testing.T) {
	uri := serverDB(t)
	bin := buildPortal(t)
	rb := make([]byte, 6)
	_, _ = rand.Read(rb)
	db := "inst_" + hex.EncodeToString(rb)
	kb := make([]byte, 32)
	_, _ = rand.Read(kb)
	key := hex.EncodeToString(kb)
	t.Cleanup(func() {
		ctx := context.Background()
		if cl, err := mongo.Connect(options.Client().ApplyURI(uri)); err == nil {
			_ = cl.Database(db).Drop(ctx)
			_ = cl.Disconnect(ctx)
		}
	})
	a := startPortal(t, bin, uri, db, key)
	b := startPortal(t, bin, uri, db, key)

	// A citizen logs in on A and is logged in on B.
	citizen := newBrowser(t)
	citizen.login(a.base)
	if code, _, _ := citizen.get(b.base + "/mine-saker"); code != http.StatusOK {
		t.Fatalf("the session from A does not work on B: %d", code)
	}

	// A conversation request sent on A shows on B.
	code, loc, body := citizen.post(a.base+"/samtale", citizen.conversationRequest(a.base))
	if code != http.StatusSeeOther {
		t.Fatalf("conversation request on A: %d %.400s", code, body)
	}
	ref := referenceIn(loc)
	if ref == "" {
		t.Fatalf("no reference in %q", loc)
	}
	if _, _, mine := citizen.get(b.base + "/mine-saker"); !strings.Contains(mine, ref) {
		t.Fatalf("the request %s sent on A is not on B's «Mine saker»", ref)
	}

	// Two caseworkers, one on each instance, note on the case at once.
	staffLogin := func(p *portalProcess, email string) *browser {
		s := newBrowser(t)
		_, doc, _ := s.get(p.base + "/saksbehandler/logg-inn")
		f := formValues(doc, `form[action="/saksbehandler/logg-inn"]`)
		f.Set("email", email)
		f.Set("password", "demo-passord")
		if code, _, body := s.post(p.base+"/saksbehandler/logg-inn", f); code != http.StatusSeeOther {
			t.Fatalf("staff login %s: %d %.300s", email, code, body)
		}
		return s
	}
	sa, sb := staffLogin(a, "saksbehandler@nav.test"), staffLogin(b, "leder@nav.test")
	casePath := "/saksbehandler/saker/" + ref
	saved := 0
	for round := 0; round < 10; round++ {
		forms := make([]url.Values, 2)
		for i, s := range []*browser{sa, sb} {
			p := []*portalProcess{a, b}[i]
			code, doc, _ := s.get(p.base + casePath)
			if code != http.StatusOK {
				t.Fatalf("staff case page: %d", code)
			}
			f := formValues(doc, `form[action="`+casePath+`/notat"]`)
			name, _ := doc.Find(`form[action="` + casePath + `/notat"] textarea`).First().Attr("name")
			if f.Get("version") == "" || name == "" {
				t.Fatal("no note form on the staff case page")
			}
			f.Set(name, fmt.Sprintf("Notat %d fra instans %d", round, i))
			forms[i] = f
		}
		var wg sync.WaitGroup
		codes, bodies := make([]int, 2), make([]string, 2)
		for i, s := range []*browser{sa, sb} {
			wg.Add(1)
			go func(i int, s *browser) {
				defer wg.Done()
				codes[i], _, bodies[i] = s.post([]*portalProcess{a, b}[i].base+casePath+"/notat", forms[i])
			}(i, s)
		}
		wg.Wait()
		for i := range codes {
			switch codes[i] {
			case http.StatusSeeOther:
				saved++
			case http.StatusOK, http.StatusConflict:
				// The loser sees the conflict message with its note kept.
				if !strings.Contains(bodies[i], fmt.Sprintf("Notat %d fra instans %d", round, i)) {
					t.Errorf("round %d: the conflict page lost the note typed on instance %d", round, i)
				}
			default:
				t.Fatalf("round %d: instance %d answered %d", round, i, codes[i])
			}
		}
	}
	cl, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cl.Disconnect(context.Background()) }()
	var stored struct {
		Events []struct {
			Type string `bson:"type"`
		} `bson:"events"`
	}
	if err := cl.Database(db).Collection("cases").FindOne(context.Background(), bson.D{{Key: "_id", Value: ref}}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, e := range stored.Events {
		if e.Type == "note" {
			notes++
		}
	}
	if notes != saved || saved < 10 {
		t.Errorf("%d notes reported saved, %d stored (at least one a round expected)", saved, notes)
	}

	// Exactly one instance holds the lease; when it stops cleanly, the
	// other takes over within seconds.
	deadline := time.Now().Add(20 * time.Second)
	for !(a.holdsLease() || b.holdsLease()) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if a.holdsLease() == b.holdsLease() {
		t.Fatalf("lease held by A: %v, by B: %v", a.holdsLease(), b.holdsLease())
	}
	holder, other := a, b
	if b.holdsLease() {
		holder, other = b, a
	}
	holder.stop()
	stopped := time.Now()
	for !other.holdsLease() && time.Since(stopped) < 30*time.Second {
		time.Sleep(200 * time.Millisecond)
	}
	if !other.holdsLease() {
		t.Fatal("the other instance did not take the lease within 30 s of a clean stop")
	}
	t.Logf("failover after a clean stop took %v", time.Since(stopped).Round(100*time.Millisecond))
}
