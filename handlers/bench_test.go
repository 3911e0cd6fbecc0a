package handlers_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/identity"
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
// the raw driver writes the same path causes, so the portal's overhead
// (sessions, CSRF, templates, validation, file checks) shows as a ratio.
func BenchmarkSubmission(b *testing.B) {
	st := testkit.Store(b)
	app, _ := testkit.App(b, st, nil)
	pdf := pdfOfSize(1 << 20)

	b.Run("portal", func(b *testing.B) {
		b.SetBytes(int64(len(pdf)))
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			nid, err := identity.GenerateSynthetic(time.Date(1990, 1, 1+i%28, 0, 0, 0, 0, time.UTC), 100+(i/28)%800)
			if err != nil {
				b.Fatal(err)
			}
			c := newClient(&testing.T{}, app)
			c.post("/logg-inn", url.Values{"nationalId": {string(nid)}})
			b.StartTimer()

			c.post("/soknad", nil)
			for _, s := range validSteps {
				if p := c.post("/soknad/steg/"+s.step, s.form); p.StatusCode != http.StatusSeeOther {
					b.Fatalf("step %s: %d", s.step, p.StatusCode)
				}
			}
			if p := c.upload("vedlegg.pdf", pdf, nil); p.StatusCode != http.StatusSeeOther {
				b.Fatalf("upload: %d %s", p.StatusCode, p.Doc.Find("#file-error").Text())
			}
			id, _ := c.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
			if p := c.post("/soknad/send", url.Values{"draft": {id}}); p.StatusCode != http.StatusSeeOther {
				b.Fatalf("submit: %d", p.StatusCode)
			}
		}
	})

	b.Run("raw-driver", func(b *testing.B) {
		ctx := context.Background()
		client, err := mongo.Connect(options.Client().ApplyURI(testkit.URI(b)))
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = client.Disconnect(ctx) }()
		db := client.Database(fmt.Sprintf("raw_%d", time.Now().UnixNano()))
		defer func() { _ = db.Drop(ctx) }()
		people, cases, bucket := db.Collection("people"), db.Collection("cases"), db.GridFSBucket()
		b.SetBytes(int64(len(pdf)))
		for i := 0; i < b.N; i++ {
			nid := fmt.Sprintf("p%d", i)
			// Start the draft, save eight steps, store and attach the
			// file, insert the case, link it: the writes the portal makes.
			if _, err := people.InsertOne(ctx, bson.D{{Key: "_id", Value: nid}, {Key: "draft", Value: bson.D{{Key: "id", Value: nid}}}}); err != nil {
				b.Fatal(err)
			}
			for _, s := range validSteps {
				if _, err := people.UpdateOne(ctx, bson.D{{Key: "_id", Value: nid}}, bson.D{{Key: "$set", Value: bson.D{{Key: "draft.answers." + s.step, Value: s.form}}}}); err != nil {
					b.Fatal(err)
				}
			}
			fid := bson.NewObjectID()
			if err := bucket.UploadFromStreamWithID(ctx, fid, "vedlegg.pdf", bytes.NewReader(pdf)); err != nil {
				b.Fatal(err)
			}
			if _, err := people.UpdateOne(ctx, bson.D{{Key: "_id", Value: nid}}, bson.D{{Key: "$push", Value: bson.D{{Key: "draft.files", Value: fid}}}}); err != nil {
				b.Fatal(err)
			}
			if _, err := cases.InsertOne(ctx, bson.D{{Key: "_id", Value: "c" + nid}, {Key: "files", Value: bson.A{fid}}}); err != nil {
				b.Fatal(err)
			}
			if _, err := people.UpdateOne(ctx, bson.D{{Key: "_id", Value: nid}}, bson.D{{Key: "$unset", Value: bson.D{{Key: "draft", Value: ""}}}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCasePage measures the citizen's case page beside the raw reads
// it causes (session, CSRF token read and refresh, case, office).
func BenchmarkCasePage(b *testing.B) {
	st := testkit.Store(b)
	app, _ := testkit.App(b, st, nil)
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

	b.Run("portal", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if p := c.get(casePath); p.StatusCode != http.StatusOK {
				b.Fatalf("case page: %d", p.StatusCode)
			}
		}
	})
	b.Run("raw-driver", func(b *testing.B) {
		ctx := context.Background()
		client, err := mongo.Connect(options.Client().ApplyURI(testkit.URI(b)))
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = client.Disconnect(ctx) }()
		// The same database the portal uses: find it by the case.
		var db *mongo.Database
		names, _ := client.ListDatabaseNames(ctx, bson.D{})
		for _, n := range names {
			if client.Database(n).Collection("cases").FindOne(ctx, bson.D{{Key: "_id", Value: ref}}).Err() == nil {
				db = client.Database(n)
			}
		}
		if db == nil {
			b.Fatal("case not found")
		}
		var sess bson.M
		_ = db.Collection("sessions").FindOne(ctx, bson.D{}).Decode(&sess)
		for i := 0; i < b.N; i++ {
			var out bson.M
			_ = db.Collection("sessions").FindOne(ctx, bson.D{{Key: "_id", Value: sess["_id"]}}).Decode(&out)
			_ = db.Collection("kv").FindOne(ctx, bson.D{{Key: "_id", Value: "csrf:x"}}).Decode(&out)
			_, _ = db.Collection("kv").ReplaceOne(ctx, bson.D{{Key: "_id", Value: "csrf:x"}}, bson.D{{Key: "v", Value: i}}, options.Replace().SetUpsert(true))
			if err := db.Collection("cases").FindOne(ctx, bson.D{{Key: "_id", Value: ref}}).Decode(&out); err != nil {
				b.Fatal(err)
			}
			_ = db.Collection("offices").FindOne(ctx, bson.D{{Key: "_id", Value: "3401"}}).Decode(&out)
		}
	})
}

// BenchmarkPageWeight reports what each citizen page weighs compressed,
// together with the CSS and JavaScript it loads (the target is 30 KB).
func BenchmarkPageWeight(b *testing.B) {
	st := testkit.Store(b)
	app, _ := testkit.App(b, st, testkit.NewClock(testkit.Now()))
	c := newClient(&testing.T{}, app)
	gz := func(s string) int {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = w.Write([]byte(s))
		_ = w.Close()
		return buf.Len()
	}
	weigh := func(path string) float64 {
		p := c.get(path)
		total := gz(p.Body)
		p.Doc.Find(`link[rel="stylesheet"], script[src]`).Each(func(_ int, s *goquery.Selection) {
			src, ok := s.Attr("href")
			if !ok {
				src, _ = s.Attr("src")
			}
			total += gz(c.get(src).Body)
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
			b.ReportMetric(kb, "KB-gz")
		})
	}
}
