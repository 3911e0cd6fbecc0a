package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestUploadWithMainButtonJS(t *testing.T) { uploadWithMainButton(t, true) }

func TestUploadWithMainButtonNoJS(t *testing.T) { uploadWithMainButton(t, false) }

// uploadWithMainButton chooses several files on the documents step and
// presses «Lagre og gå videre» without pressing the upload button first:
// once with a file that is refused (the person stays on the step, the
// refused file named with its reason, the accepted one kept), then with
// good files only (they are uploaded and the person goes on). The check
// page lists every accepted file. With JavaScript, each file shows its own
// progress bar while it uploads. axe finds nothing on any page.
func uploadWithMainButton(t *testing.T, js bool) {
	s := newSession(t, js)
	dir := t.TempDir()
	good := writeTestPDF(t, "lønnsslipp mars.pdf")
	second := writeTestPDF(t, "husleiekontrakt.pdf")
	picture := writeTestPNG(t, dir, "skannet side.png")
	bad := filepath.Join(dir, "ikke et bilde.png")
	if err := os.WriteFile(bad, []byte("dette er tekst, ikke et bilde"), 0o600); err != nil {
		t.Fatal(err)
	}

	s.open("/logg-inn", 200)
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "login")
	s.open("/soknad", 200)
	s.clickAndWait(`main form[action="/soknad"] button[type=submit]`, "start the application")
	s.open("/soknad/steg/vedlegg", 200)
	s.assertText("#file-hint", "10 MB", "30 filer", "150 MB")
	s.checkPage("documents step")

	// A good file and a refused one, straight to the main button.
	s.chooseFiles("#file", good, bad)
	if js {
		s.waitFor(`document.querySelectorAll("#file-uploads li").length === 2 && !document.getElementById("file-uploads").hidden`, "the chosen files to be listed")
		s.assertText("#file-uploads", "lønnsslipp mars.pdf", "ikke et bilde.png", "Ikke lastet opp ennå")
		s.checkPage("documents step with files chosen")
		s.recordProgress()
	}
	s.submitStep("continue with a refused file among the chosen")
	s.assertPath(map[bool]string{true: "/soknad/steg/vedlegg", false: "/soknad/vedlegg"}[js])
	s.assertText("main h1", "Dokumenter (valgfritt)")
	s.assertText("main .error-summary", "«ikke et bilde.png»: Filen må være PDF, JPG eller PNG.", "Du er fortsatt på denne siden")
	s.assertText("#file-error", "«ikke et bilde.png»: Filen må være PDF, JPG eller PNG.")
	if strings.Contains(s.text("#file-error"), "lønnsslipp") {
		t.Errorf("the accepted file is named as refused: %q", s.text("#file-error"))
	}
	s.assertText("main ul.files", "lønnsslipp mars.pdf")
	if got := mustEval[string](s, `document.querySelector("#file").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf(`#file aria-invalid = %q, want "true"`, got)
	}
	if got := mustEval[string](s, "document.title"); !strings.HasPrefix(got, "Feil:") {
		t.Errorf("document.title = %q, want it to start with Feil:", got)
	}
	if js {
		s.assertProgress("lønnsslipp mars.pdf", "ikke et bilde.png")
		if !mustEval[bool](s, `document.activeElement && document.activeElement.classList.contains("error-summary")`) {
			t.Errorf("focus is on %s, want the error summary", s.activeElement())
		}
	}
	s.checkPage("documents step with a refused file")

	// Good files only: uploaded by the main button, and on to consent.
	s.chooseFiles("#file", second, picture)
	if js {
		s.recordProgress()
	}
	s.submitStep("continue with two chosen files")
	s.assertPath("/soknad/steg/samtykke")
	if js {
		s.assertProgress("husleiekontrakt.pdf", "skannet side.png")
	}
	s.checkPage("consent step after the upload")

	s.open("/soknad/oppsummering", 200)
	s.assertText("main ul.files", "lønnsslipp mars.pdf", "husleiekontrakt.pdf", "skannet side.png")
	if strings.Contains(s.text("main ul.files"), "ikke et bilde") {
		t.Errorf("the refused file is in the draft: %q", s.text("main ul.files"))
	}
	if n := mustEval[int](s, `document.querySelectorAll("main ul.files li").length`); n != 3 {
		t.Errorf("%d files in the draft, want 3", n)
	}
	s.checkPage("check answers with the files")
}

// chooseFiles puts several files in a file input, as choosing them in the
// browser's dialog does.
func (s *session) chooseFiles(sel string, files ...string) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), files)); err != nil {
		s.t.Fatalf("choose files in %s: %v", sel, err)
	}
}

// recordProgress notes, for each file in the upload list, whether its
// progress bar was shown and the highest value it reached, until the page
// is swapped.
func (s *session) recordProgress() {
	s.t.Helper()
	mustEval[bool](s, `(() => {
		window.__e2eProgress = {};
		const note = () => document.querySelectorAll("#file-uploads li").forEach(li => {
			const bar = li.querySelector("progress"), name = li.querySelector(".upload-name").textContent;
			if (!bar || bar.hidden) return;
			const v = Number(bar.getAttribute("value") || bar.value || 0);
			window.__e2eProgress[name] = Math.max(window.__e2eProgress[name] || 0, v);
		});
		new MutationObserver(note).observe(document.getElementById("file-uploads"), {subtree: true, childList: true, attributes: true});
		return true;
	})()`)
}

// assertProgress checks that each named file had its own progress bar,
// shown and filled to the end.
func (s *session) assertProgress(names ...string) {
	s.t.Helper()
	got := mustEval[map[string]float64](s, `window.__e2eProgress || {}`)
	for _, n := range names {
		if got[n] != 100 {
			s.t.Errorf("the progress bar of %s reached %v, want 100 (all: %v)", n, got[n], got)
		}
	}
}

// writeTestPNG writes a small valid PNG under name in dir.
func writeTestPNG(t *testing.T, dir, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(2, 2, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
