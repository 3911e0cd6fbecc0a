package handlers_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/attachment"
	"kvp/casework"
	"kvp/internal/testkit"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUploadChecks(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")

	pdf := readFixture(t, "valid.pdf")
	tooBig := append(append([]byte{}, pdf...), bytes.Repeat([]byte{' '}, attachment.MaxFileSize)...)
	cases := []struct {
		name string
		file string
		data []byte
		msg  string
	}{
		{"html named pdf", "cv.pdf", []byte("<html><script>alert(1)</script></html>"), "Filen heter .pdf, men er ikke en PDF"},
		{"gif", "bilde.png", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "PDF, JPG eller PNG"},
		{"encrypted pdf", "låst.pdf", readFixture(t, "encrypted-aes256.pdf"), "passordbeskyttet"},
		{"truncated pdf", "halv.pdf", pdf[:len(pdf)/2], "kan ikke åpne"},
		{"empty", "tom.pdf", []byte{}, "tom"},
		{"over 10 MB", "stor.pdf", tooBig, "større enn 10 MB"},
		{"12 MB", "enorm.pdf", bytes.Repeat([]byte{'x'}, 12<<20), "større enn 10 MB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := c.upload(tc.file, tc.data, nil)
			expectStatus(t, p, http.StatusOK)
			if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, tc.msg) {
				t.Errorf("error %q, want %q", got, tc.msg)
			}
			if p.Doc.Find(`.error-summary a[href="#file"]`).Length() != 1 {
				t.Error("no error summary link to the file field")
			}
		})
	}
	rec, _ := st.Person(context.Background(), me.NationalID)
	if len(rec.Draft.Files) != 0 {
		t.Fatalf("refused files were attached: %+v", rec.Draft.Files)
	}
	// Nothing was left in GridFS either: a sweep after the grace period
	// for unattached files finds none. Two hours idle end the session,
	// and the sweep removes it: log in again.
	clock.Advance(2 * time.Hour)
	res, err := st.Sweep(context.Background(), clock.Now())
	if err != nil || res.Files != 0 {
		t.Errorf("refused uploads left files behind: %+v %v", res, err)
	}
	c = newClient(t, app)
	c.login(me.NationalID)

	// The type is decided by content; the name is cleaned and gets the
	// right extension.
	p := c.upload(`..\..\bilde <1>.exe`, pngBytes(t), nil)
	expectRedirect(t, p, "/soknad/steg/vedlegg?lagt-til=")
	rec, _ = st.Person(context.Background(), me.NationalID)
	f := rec.Draft.Files[0]
	if f.Kind != "image/png" || strings.ContainsAny(f.Name, `\/<>`) || !strings.HasSuffix(f.Name, ".png") {
		t.Errorf("stored file %+v", f)
	}
	// The person can download it, and remove it before submitting.
	d := c.get("/soknad/vedlegg/" + f.FileID)
	expectStatus(t, d, http.StatusOK)
	if d.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(d.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download headers: %v", d.Header)
	}
	expectRedirect(t, c.post("/soknad/vedlegg/"+f.FileID+"/slett", nil), "/soknad/steg/vedlegg?fjernet=1")
	rec, _ = st.Person(context.Background(), me.NationalID)
	if len(rec.Draft.Files) != 0 || rec.Draft.FileBytes != 0 {
		t.Errorf("file not removed: %+v", rec.Draft)
	}
	if _, _, err := st.OpenFile(context.Background(), f.FileID); err == nil {
		t.Error("removed file still stored")
	}
}

func TestUploadCountLimit(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	img := pngBytes(t)
	for i := 0; i < attachment.MaxFiles; i++ {
		expectRedirect(t, c.upload("side.png", img, url.Values{"fra": {"oppsummering"}}), "/soknad/oppsummering?lagt-til=")
	}
	p := c.upload("en-til.png", img, url.Values{"fra": {"oppsummering"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#file-error").Text(), "30 filer") {
		t.Errorf("31st file: %q", p.Doc.Find("#file-error").Text())
	}
	if p.Doc.Find("h1").Text() != "Se over søknaden før du sender" {
		t.Error("error from the check page's upload not shown on the check page")
	}
	rec, _ := st.Person(context.Background(), me.NationalID)
	if len(rec.Draft.Files) != attachment.MaxFiles {
		t.Errorf("%d files attached", len(rec.Draft.Files))
	}
}

func TestTotalSizeLimitHoldsUnderConcurrency(t *testing.T) {
	// The per-application limit is enforced by the database update itself,
	// so parallel uploads cannot pass it together.
	st := testkit.Store(t)
	ctx := context.Background()
	d := &casework.Draft{ID: "d1", Done: []casework.Step{}, Files: []casework.FileRef{}}
	if _, err := st.StartDraft(ctx, "p1", d); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		go func(i int) {
			errs <- st.AddDraftFile(ctx, "p1", "d1", casework.FileRef{FileID: string(rune('a' + i)), Size: 10 << 20}, attachment.MaxFiles, attachment.MaxTotalSize, now)
		}(i)
	}
	ok := 0
	for i := 0; i < 20; i++ {
		if <-errs == nil {
			ok++
		}
	}
	rec, _ := st.Person(ctx, "p1")
	if ok != 15 || rec.Draft.FileBytes != 150<<20 || len(rec.Draft.Files) != 15 {
		t.Errorf("accepted %d files, %d bytes; want 15 and 150 MB", ok, rec.Draft.FileBytes)
	}
}
