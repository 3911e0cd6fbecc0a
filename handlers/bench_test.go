package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"go.mongodb.org/mongo-driver/v2/bson"

	"kvp/internal/testkit"
)

// pdfOfSize builds a valid one-page PDF of about n bytes: the page's
// content stream carries the bulk, and the xref table has exact offsets.
func pdfOfSize(n int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	obj("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n")
	content := strings.Repeat("% padding line for a large page stream.\n", n/40)
	obj(fmt.Sprintf("4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", len(content), content))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// BenchmarkSubmission measures the whole submission path through the
// portal (start, eight steps, a 1 MB PDF, the check page, submit), beside
// the database work it causes done directly with the driver: a command
// monitor records every command one submission sends, and the raw-driver
// run replays exactly those commands (less their session fields) against a
// second database with the same data. The ratio is the portal's own
// overhead (sessions, CSRF, templates, validation, file checks) over the
// same database operations; ops/submission counts them, by command name.
func BenchmarkSubmission(b *testing.B) {
	rec := &cmdRecorder{}
	st := testkit.StoreMonitored(b, rec.Monitor())
	if os.Getenv("MONGODB_URI") == "" {
		// As the portal does with the embedded database.
		if err := st.EnableInboxCache(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	pdf := pdfOfSize(1 << 20)
	ids := newFreshIDs(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 120)
	citizen := func(tb testing.TB) *client {
		c := newClient(&testing.T{}, app)
		if p := c.post("/logg-inn", url.Values{"nationalId": {ids.next(tb)}}); p.StatusCode != http.StatusSeeOther {
			tb.Fatalf("login: %d", p.StatusCode)
		}
		return c
	}
	submit := func(tb testing.TB, c *client) {
		c.post("/soknad", nil)
		for _, s := range validSteps {
			if p := c.post("/soknad/steg/"+s.step, s.form); p.StatusCode != http.StatusSeeOther {
				tb.Fatalf("step %s: %d", s.step, p.StatusCode)
			}
		}
		if p := c.upload("vedlegg.pdf", pdf, nil); p.StatusCode != http.StatusSeeOther {
			tb.Fatalf("upload: %d %s", p.StatusCode, p.Doc.Find("#file-error").Text())
		}
		id, _ := c.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
		if p := c.post("/soknad/send", url.Values{"draft": {id}}); p.StatusCode != http.StatusSeeOther {
			tb.Fatalf("submit: %d", p.StatusCode)
		}
	}
	// The first submission does what happens once in a process (GridFS
	// checks its indexes; the office and rate tables are read into
	// memory); the second is recorded, from a snapshot of the database.
	submit(b, citizen(b))
	c := citizen(b)
	snap := snapshotDB(b, rec.DB())
	cmds := rec.record(func() { submit(b, c) })

	b.Run("portal", func(b *testing.B) {
		if b.N == 1 { // the first run of this benchmark: log once
			logCommands(b, "one submission", cmds)
		}
		b.SetBytes(int64(len(pdf)))
		reportOps(b, cmds, "submission")
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			c := citizen(b)
			b.StartTimer()
			submit(b, c)
		}
	})

	b.Run("raw-driver", func(b *testing.B) {
		r := newReplayer(b, cmds, snap)
		// Once untimed, as the portal's first submission is.
		r.run(b)
		r.reset(b)
		b.SetBytes(int64(len(pdf)))
		b.ResetTimer()
		reportOps(b, cmds, "submission")
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			r.reset(b)
			b.StartTimer()
			r.run(b)
		}
	})
}

// BenchmarkCasePage measures the citizen's case page beside the database
// operations it causes, recorded and replayed with the raw driver as in
// BenchmarkSubmission. With the embedded database the page is served from
// the document cache and causes none; the raw baseline is then the reads
// the page needs when nothing is cached: the session, the case and the
// office, by _id.
func BenchmarkCasePage(b *testing.B) {
	ctx := context.Background()
	rec := &cmdRecorder{}
	st := testkit.StoreMonitored(b, rec.Monitor())
	if os.Getenv("MONGODB_URI") == "" {
		if err := st.EnableInboxCache(ctx); err != nil {
			b.Fatal(err)
		}
	}
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	c := newClient(&testing.T{}, app)
	c.post("/logg-inn", url.Values{"nationalId": {"01819012365"}})
	c.post("/soknad", nil)
	for _, s := range validSteps {
		c.post("/soknad/steg/"+s.step, s.form)
	}
	c.upload("vedlegg.pdf", pdfOfSize(1<<20), nil)
	id, _ := c.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := c.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	casePath := strings.TrimSuffix(loc, "/kvittering")
	ref := strings.TrimPrefix(casePath, "/saker/")
	if p := c.get(casePath); p.StatusCode != http.StatusOK {
		b.Fatalf("case page: %d", p.StatusCode)
	}
	snap := snapshotDB(b, rec.DB())
	cmds := rec.record(func() { c.get(casePath) })

	b.Run("portal", func(b *testing.B) {
		if b.N == 1 { // the first run of this benchmark: log once
			logCommands(b, "one case page view", cmds)
			if len(cmds) == 0 {
				b.Logf("the page was served from the document cache; the raw baseline reads the session, the case and the office by _id")
			}
		}
		reportOps(b, cmds, "view")
		for i := 0; i < b.N; i++ {
			if p := c.get(casePath); p.StatusCode != http.StatusOK {
				b.Fatalf("case page: %d", p.StatusCode)
			}
		}
	})
	b.Run("raw-driver", func(b *testing.B) {
		if len(cmds) > 0 {
			r := newReplayer(b, cmds, snap)
			r.run(b)
			r.reset(b)
			b.ResetTimer()
			reportOps(b, cmds, "view")
			for i := 0; i < b.N; i++ {
				if len(r.written) > 0 {
					b.StopTimer()
					r.reset(b)
					b.StartTimer()
				}
				r.run(b)
			}
			return
		}
		// Nothing to replay: the uncached reads, from the same documents.
		r := newReplayer(b, nil, snap)
		if err := r.restore(ctx, []string{"sessions", "cases", "offices"}); err != nil {
			b.Fatal(err)
		}
		var session any
		var latest time.Time
		for _, d := range snap["sessions"] {
			if at, ok := d.Lookup("updatedAt").TimeOK(); ok && !at.Before(latest) {
				session, latest = d.Lookup("_id"), at
			}
		}
		office := "3401"
		for _, d := range snap["cases"] {
			if id, _ := d.Lookup("_id").StringValueOK(); id == ref {
				office, _ = d.Lookup("office", "municipality").StringValueOK()
			}
		}
		reads := []struct {
			col string
			id  any
		}{{"sessions", session}, {"cases", ref}, {"offices", office}}
		read := func() {
			for _, rd := range reads {
				var out bson.Raw
				if err := r.db.Collection(rd.col).FindOne(ctx, bson.D{{Key: "_id", Value: rd.id}}).Decode(&out); err != nil {
					b.Fatalf("%s: %v", rd.col, err)
				}
			}
		}
		read() // once untimed: the connection
		b.ResetTimer()
		b.ReportMetric(float64(len(reads)), "ops/view")
		for i := 0; i < b.N; i++ {
			read()
		}
	})
}

// BenchmarkPageWeight reports what each citizen page weighs compressed,
// together with the CSS and JavaScript it loads (the target is 30 KB).
func BenchmarkPageWeight(b *testing.B) {
	st := testkit.Store(b)
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	c := newClient(&testing.T{}, app)
	// What a browser downloads: each response as sent to a client that
	// accepts Brotli and gzip (pages come gzipped, static files
	// precompressed with Brotli).
	sent := func(path string) *page {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "br, gzip")
		p := c.do(req)
		if p.StatusCode != http.StatusOK || p.Header.Get("Content-Encoding") == "" {
			b.Fatalf("%s: status %d, encoding %q", path, p.StatusCode, p.Header.Get("Content-Encoding"))
		}
		return p
	}
	weigh := func(path string) float64 {
		total := len(sent(path).Body)
		// The uncompressed page, to find what it loads.
		c.get(path).Doc.Find(`link[rel="stylesheet"], script[src]`).Each(func(_ int, s *goquery.Selection) {
			src, ok := s.Attr("href")
			if !ok {
				src, _ = s.Attr("src")
			}
			total += len(sent(src).Body)
		})
		return float64(total) / 1024
	}
	pages := []string{"/", "/logg-inn"}
	c.post("/logg-inn", url.Values{"nationalId": {"01819012365"}})
	c.post("/soknad", nil)
	for _, s := range validSteps {
		pages = append(pages, "/soknad/steg/"+s.step)
		c.post("/soknad/steg/"+s.step, s.form)
	}
	pages = append(pages, "/soknad/oppsummering", "/mine-saker")
	for _, path := range pages {
		b.Run(strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "_"), func(b *testing.B) {
			var kb float64
			for i := 0; i < b.N; i++ {
				kb = weigh(path)
			}
			b.ReportMetric(kb, "KB-sent")
		})
	}
}
