package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/andybalholm/brotli"

	"kvp/internal/testkit"
)

// Static files are served compressed as the browser accepts (compressed
// once at start), Brotli smaller than gzip, and the same bytes unpacked.
func TestStaticFilesAreServedPrecompressed(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	css := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).FindString(c.get("/").Body)
	if css == "" {
		t.Fatal("no stylesheet link on the front page")
	}
	fetch := func(accept string) (*http.Response, []byte) {
		req := httptest.NewRequest(http.MethodGet, css, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	plainResp, plain := fetch("")
	if plainResp.Header.Get("Content-Encoding") != "" || len(plain) == 0 {
		t.Fatalf("plain: encoding %q, %d bytes", plainResp.Header.Get("Content-Encoding"), len(plain))
	}
	brResp, br := fetch("gzip, deflate, br")
	if brResp.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("br accepted, got %q", brResp.Header.Get("Content-Encoding"))
	}
	unbr, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(unbr, plain) {
		t.Fatalf("brotli body does not unpack to the file: %v", err)
	}
	gzResp, gz := fetch("gzip")
	if gzResp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip accepted, got %q", gzResp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	ungz, _ := io.ReadAll(zr)
	if !bytes.Equal(ungz, plain) {
		t.Fatal("gzip body does not unpack to the file")
	}
	if len(br) >= len(gz) || len(gz) >= len(plain) {
		t.Errorf("sizes: brotli %d, gzip %d, plain %d", len(br), len(gz), len(plain))
	}
	if _, b := fetch("br;q=0, gzip"); bytes.Equal(b, br) {
		t.Error("brotli sent although refused with q=0")
	}
	if v := brResp.Header.Get("Vary"); v == "" {
		t.Error("no Vary header")
	}
}
