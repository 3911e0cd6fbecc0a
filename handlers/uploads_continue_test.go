package handlers_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/attachment"
	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

// chosenFile is one file in a multi-file post.
type chosenFile struct {
	name string
	data []byte
}

// uploadFiles posts files as the field "file" to path in one multipart
// post, as a browser does for an <input type="file" multiple>: the same
// form may carry other fields, such as the main button's "videre".
func (c *client) uploadFiles(path string, files []chosenFile, extra url.Values) *page {
	c.t.Helper()
	if c.csrf() == "" {
		c.get("/")
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf())
	for k, vs := range extra {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile("file", f.name)
		_, _ = fw.Write(f.data)
	}
	if len(files) == 0 {
		// A browser sends an empty file part when nothing was chosen.
		fw, _ := w.CreateFormFile("file", "")
		_, _ = fw.Write(nil)
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// startDraftAtDocuments logs in the first test person and starts a draft.
func startDraftAtDocuments(t *testing.T) (*client, *store.Store, string) {
	t.Helper()
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	return c, st, me.NationalID
}

func draftOf(t *testing.T, st *store.Store, id string) *casework.Draft {
	t.Helper()
	rec, err := st.Person(context.Background(), id)
	if err != nil || rec.Draft == nil {
		t.Fatalf("no draft: %v", err)
	}
	return rec.Draft
}

// noOrphans checks that no file was left stored without being attached:
// a sweep on the portal's clock, after the grace for unattached files,
// finds none. The sweep also ends the sessions, so it comes last.
func noOrphans(t *testing.T, st *store.Store) {
	t.Helper()
	res, err := st.Sweep(context.Background(), now.Add(2*time.Hour))
	if err != nil || res.Files != 0 {
		t.Errorf("uploads left unattached files behind: %+v %v", res, err)
	}
}

// The documents step is one form: the file field (several files at once)
// and both buttons, posted as multipart to the upload route, so the main
// button carries a chosen file too.
func TestUploadStepFormCarriesFilesWithTheMainButton(t *testing.T) {
	c, _, _ := startDraftAtDocuments(t)
	p := c.get("/soknad/steg/vedlegg")
	expectStatus(t, p, http.StatusOK)
	form := p.Doc.Find(`main form[action="/soknad/vedlegg"][method="post"][enctype="multipart/form-data"]`)
	if form.Length() != 1 {
		t.Fatalf("no multipart form posting to the upload route on the documents step")
	}
	if form.Find(`input[type="file"]#file[name="file"][multiple]`).Length() != 1 {
		t.Error("the file field is not in the form, or does not take several files")
	}
	main := form.Find(`button[type="submit"][name="videre"]`)
	if main.Length() != 1 || strings.TrimSpace(main.Text()) != "Lagre og gå videre" {
		t.Errorf("the main button is not in the file's form: %q", main.Text())
	}
	if form.Find(`input[name="_csrf"]`).Length() != 1 {
		t.Error("no CSRF token in the form")
	}
	if p.Doc.Find(`main form[action^="/soknad/steg/"]`).Length() != 0 {
		t.Error("a second form on the step posts without the chosen file")
	}
	// From the check page, the main button goes back there.
	p = c.get("/soknad/steg/vedlegg?fra=oppsummering")
	form = p.Doc.Find(`main form[action="/soknad/vedlegg"]`)
	if form.Find(`input[type="hidden"][name="tilbake"][value="oppsummering"]`).Length() != 1 {
		t.Error("the form opened from the check page does not say so")
	}
	if got := strings.TrimSpace(form.Find(`button[name="videre"]`).Text()); got != "Lagre og gå tilbake til oppsummeringen" {
		t.Errorf("main button from the check page: %q", got)
	}
}

// Choosing a file and pressing «Lagre og gå videre» uploads the file and
// goes on; the step is done.
func TestUploadMainButtonUploadsTheChosenFile(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	p := c.uploadFiles("/soknad/vedlegg", []chosenFile{{"kontoutskrift.pdf", readFixture(t, "valid.pdf")}}, url.Values{"videre": {"1"}})
	expectRedirect(t, p, "/soknad/steg/samtykke")
	d := draftOf(t, st, id)
	if len(d.Files) != 1 || d.Files[0].Name != "kontoutskrift.pdf" || d.Files[0].Kind != "application/pdf" {
		t.Fatalf("the chosen file is not in the draft: %+v", d.Files)
	}
	if !d.IsDone(casework.StepAttachments) {
		t.Error("the documents step is not marked done")
	}

	// Without a file, the main button goes on as before.
	expectRedirect(t, c.uploadFiles("/soknad/vedlegg", nil, url.Values{"videre": {"1"}}), "/soknad/steg/samtykke")
	// Opened from the check page, it goes back there, with the file.
	p = c.uploadFiles("/soknad/vedlegg", []chosenFile{{"bilde.png", pngBytes(t)}}, url.Values{"videre": {"1"}, "tilbake": {"oppsummering"}})
	expectRedirect(t, p, "/soknad/oppsummering")
	if d := draftOf(t, st, id); len(d.Files) != 2 {
		t.Errorf("%d files in the draft, want 2", len(d.Files))
	}
	// The step's own upload button stays on the step, opened from the
	// check page or not; without a file it asks for one.
	p = c.uploadFiles("/soknad/vedlegg", []chosenFile{{"bilde2.png", pngBytes(t)}}, url.Values{"tilbake": {"oppsummering"}})
	expectRedirect(t, p, "/soknad/steg/vedlegg?fra=oppsummering&lagt-til=")
	p = c.uploadFiles("/soknad/vedlegg", nil, nil)
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, "Velg en fil") {
		t.Errorf("upload without a file: %q", got)
	}
	noOrphans(t, st)
}

// A refused file with the main button keeps the person on the step with
// the message next to the field, in their language; nothing is stored.
func TestUploadMainButtonStopsOnARefusedFile(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	c.htmx = true // the same answer is swapped in by htmx
	p := c.uploadFiles("/soknad/vedlegg", []chosenFile{{"cv.pdf", []byte("<html>not a pdf</html>")}}, url.Values{"videre": {"1"}})
	expectStatus(t, p, http.StatusOK)
	if h1 := p.Doc.Find("main h1").Text(); h1 != "Dokumenter (valgfritt)" {
		t.Errorf("not on the documents step: %q", h1)
	}
	if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, "«cv.pdf»") || !strings.Contains(got, "Filen heter .pdf, men er ikke en PDF") {
		t.Errorf("field error %q, want the file named with its reason", got)
	}
	if p.Doc.Find(`.error-summary a[href="#file"]`).Length() != 1 {
		t.Error("no error summary link to the file field")
	}
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Du er fortsatt på denne siden") {
		t.Error("the summary does not say the person was kept on the step")
	}
	if v, _ := p.Doc.Find("#file").Attr("aria-invalid"); v != "true" {
		t.Error("the file field is not marked invalid")
	}
	if !strings.HasPrefix(p.Doc.Find("title").Text(), "Feil:") {
		t.Errorf("title %q", p.Doc.Find("title").Text())
	}
	d := draftOf(t, st, id)
	if len(d.Files) != 0 || d.IsDone(casework.StepAttachments) {
		t.Errorf("a refused file was attached or the step marked done: %+v", d)
	}

	// In English.
	c.htmx = false
	c.get("/sprak/en")
	p = c.uploadFiles("/soknad/vedlegg", []chosenFile{{"empty.pdf", nil}}, url.Values{"videre": {"1"}})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, "“empty.pdf”") || !strings.Contains(got, "empty") {
		t.Errorf("English field error %q", got)
	}
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "You are still on this page") {
		t.Errorf("English summary %q", p.Doc.Find(".error-summary").Text())
	}
	noOrphans(t, st)
}

// Several files in one post are each checked and attached.
func TestUploadSeveralFilesInOnePost(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	files := []chosenFile{
		{"lønnsslipp.pdf", readFixture(t, "valid.pdf")},
		{"skann.png", pngBytes(t)},
		{"bilde.jpg", jpegBytes(t)},
	}
	p := c.uploadFiles("/soknad/vedlegg", files, nil)
	expectRedirect(t, p, "/soknad/steg/vedlegg?lagt-til=")
	loc, _ := url.Parse(p.Header.Get("Location"))
	if n := len(loc.Query()["lagt-til"]); n != 3 {
		t.Errorf("redirect names %d added files, want 3: %s", n, loc)
	}
	d := draftOf(t, st, id)
	if len(d.Files) != 3 {
		t.Fatalf("%d files attached, want 3: %+v", len(d.Files), d.Files)
	}
	for i, f := range files {
		if d.Files[i].Name != f.name {
			t.Errorf("file %d is %q, want %q", i, d.Files[i].Name, f.name)
		}
	}
	if d.IsDone(casework.StepAttachments) {
		t.Error("the upload button marked the step done")
	}
	// The step names every file just added.
	p = c.follow(p)
	notice := p.Doc.Find("main .notice.success").Text()
	for _, f := range files {
		if !strings.Contains(notice, "«"+f.name+"»") {
			t.Errorf("the notice %q does not name %s", notice, f.name)
		}
	}
}

// A refused file among several: each refused file is named with its
// reason, the accepted ones are kept, nothing is stored for the refused
// ones, and the main button does not go on.
func TestUploadRefusedFileAmongSeveral(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	tooBig := append(readFixture(t, "valid.pdf"), bytes.Repeat([]byte{' '}, attachment.MaxFileSize)...)
	files := []chosenFile{
		{"først.pdf", readFixture(t, "valid.pdf")},
		{"animasjon.png", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")},
		{"låst.pdf", readFixture(t, "encrypted-aes256.pdf")},
		{"stor.pdf", tooBig},
		{"sist.png", pngBytes(t)},
	}
	p := c.uploadFiles("/soknad/vedlegg", files, url.Values{"videre": {"1"}})
	expectStatus(t, p, http.StatusOK)
	if h1 := p.Doc.Find("main h1").Text(); h1 != "Dokumenter (valgfritt)" {
		t.Errorf("not on the documents step: %q", h1)
	}
	fieldErr := p.Doc.Find("#file-error").Text()
	summary := p.Doc.Find(".error-summary").Text()
	for _, want := range []string{"«animasjon.png»: Filen må være PDF, JPG eller PNG", "«låst.pdf»: PDF-filen er passordbeskyttet", "«stor.pdf»: Filen er større enn 10 MB"} {
		if !strings.Contains(fieldErr, want) {
			t.Errorf("field error %q lacks %q", fieldErr, want)
		}
		if !strings.Contains(summary, want) {
			t.Errorf("error summary %q lacks %q", summary, want)
		}
	}
	if n := p.Doc.Find(`.error-summary a[href="#file"]`).Length(); n != 3 {
		t.Errorf("%d summary links, want one per refused file (3)", n)
	}
	if strings.Contains(fieldErr, "først.pdf") || strings.Contains(fieldErr, "sist.png") {
		t.Errorf("an accepted file is named as refused: %q", fieldErr)
	}
	notice := p.Doc.Find("main .notice.success").Text()
	if !strings.Contains(notice, "«først.pdf» er lagt ved") || !strings.Contains(notice, "«sist.png» er lagt ved") {
		t.Errorf("the accepted files are not reported: %q", notice)
	}
	if list := p.Doc.Find("main ul.files").Text(); !strings.Contains(list, "først.pdf") || !strings.Contains(list, "sist.png") {
		t.Errorf("the file list lacks the accepted files: %q", list)
	}
	d := draftOf(t, st, id)
	if len(d.Files) != 2 || d.Files[0].Name != "først.pdf" || d.Files[1].Name != "sist.png" {
		t.Fatalf("attached %+v, want først.pdf and sist.png", d.Files)
	}
	if d.IsDone(casework.StepAttachments) {
		t.Error("the step was marked done although files were refused")
	}
	noOrphans(t, st)
}

// The limit of 30 files holds within one post: the 31st file is refused
// with its own message and the first 30 are kept.
func TestUploadCountLimitInOnePost(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	img := pngBytes(t)
	var files []chosenFile
	for i := 0; i <= attachment.MaxFiles; i++ {
		files = append(files, chosenFile{name: "side" + string(rune('A'+i)) + ".png", data: img})
	}
	p := c.uploadFiles("/soknad/vedlegg", files, nil)
	expectStatus(t, p, http.StatusOK)
	last := files[attachment.MaxFiles].name
	if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, "«"+last+"»") || !strings.Contains(got, "30 filer") {
		t.Errorf("31st file: %q", got)
	}
	if d := draftOf(t, st, id); len(d.Files) != attachment.MaxFiles {
		t.Errorf("%d files attached, want %d", len(d.Files), attachment.MaxFiles)
	}
	noOrphans(t, st)
}

// The step states all three limits, in every language.
func TestUploadStepStatesTheLimits(t *testing.T) {
	c, _, _ := startDraftAtDocuments(t)
	for _, tc := range []struct{ lang, files string }{
		{"nb", "30 filer"},
		{"nn", "30 filer"},
		{"en", "30 files"},
	} {
		c.get("/sprak/" + tc.lang)
		p := c.get("/soknad/steg/vedlegg")
		expectStatus(t, p, http.StatusOK)
		hint := p.Doc.Find("#file-hint").Text()
		for _, want := range []string{"10 MB", tc.files, "150 MB"} {
			if !strings.Contains(hint, want) {
				t.Errorf("%s: the hint %q does not state %q", tc.lang, hint, want)
			}
		}
		if d, _ := p.Doc.Find("#file").Attr("aria-describedby"); !strings.Contains(d, "file-hint") {
			t.Errorf("%s: the file field is not described by the limits", tc.lang)
		}
	}
}

// With JavaScript, the page uploads each chosen file on its own and then
// posts back which were added and which were refused and why; the step
// names them as it does when all files are posted at once. Only known
// reasons and the draft's own files are shown.
func TestUploadReportedRefusalsAreShownLikeAPost(t *testing.T) {
	c, st, id := startDraftAtDocuments(t)
	p := c.uploadFiles("/soknad/vedlegg", []chosenFile{{"først.pdf", readFixture(t, "valid.pdf")}}, nil)
	expectRedirect(t, p, "/soknad/steg/vedlegg?lagt-til=")
	added := draftOf(t, st, id).Files[0].FileID
	c.htmx = true
	p = c.post("/soknad/vedlegg", url.Values{
		"lagt-til":     {added, "000000000000000000000000"},
		"avvist-fil":   {`C:\fakepath\bilde.gif`, "<b>x.pdf"},
		"avvist-grunn": {"err.upload.type", "err.no.such.message"},
		"stoppet":      {"1"},
	})
	expectStatus(t, p, http.StatusOK)
	fieldErr := p.Doc.Find("#file-error").Text()
	for _, want := range []string{"«bilde.gif»: Filen må være PDF, JPG eller PNG.", "«<b>x.pdf»: Filen ble ikke lastet opp. Prøv igjen."} {
		if !strings.Contains(fieldErr, want) {
			t.Errorf("field error %q lacks %q", fieldErr, want)
		}
	}
	if strings.Contains(p.Body, "<b>x") {
		t.Error("a reported name is not escaped")
	}
	if n := p.Doc.Find(`.error-summary a[href="#file"]`).Length(); n != 2 {
		t.Errorf("%d summary links, want 2", n)
	}
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Du er fortsatt på denne siden") {
		t.Error("the summary does not say the person was kept on the step")
	}
	if notice := p.Doc.Find("main .notice.success").Text(); !strings.Contains(notice, "«først.pdf» er lagt ved") || strings.Count(notice, "er lagt ved") != 1 {
		t.Errorf("notice %q, want only the draft's added file", notice)
	}
	if d := draftOf(t, st, id); len(d.Files) != 1 || d.IsDone(casework.StepAttachments) {
		t.Errorf("the report changed the draft: %+v", d)
	}
}

// A file named .pdf that is not a PDF, refused while the page's script
// uploads it on its own, is named with that reason on the step too.
func TestUploadReportedNotAPDFKeepsItsReason(t *testing.T) {
	c, _, _ := startDraftAtDocuments(t)
	c.htmx = true
	p := c.post("/soknad/vedlegg", url.Values{
		"avvist-fil":   {"cv.pdf"},
		"avvist-grunn": {"err.upload.notpdf"},
		"stoppet":      {"1"},
	})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find("#file-error").Text(); !strings.Contains(got, "«cv.pdf»: Filen heter .pdf, men er ikke en PDF") {
		t.Errorf("field error %q", got)
	}
}
