// Package static serves the portal's CSS, JavaScript and icons under
// content-hashed names, so they can be cached for a year and a change is
// fetched at once.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

//go:embed *.css *.js *.svg vendor/*.js
var files embed.FS

// Asset is one static file, with its compressed forms made once at start
// (Brotli at its best level, gzip at its best level); either is nil when
// it would not be smaller than the file itself.
type Asset struct {
	Name        string
	URL         string
	ContentType string
	Body        []byte
	Brotli      []byte
	Gzip        []byte
}

// Assets maps plain names ("app.css") to their hashed URLs and contents.
type Assets struct {
	byName map[string]*Asset
	byURL  map[string]*Asset
}

// Prefix is the URL path under which assets are served.
const Prefix = "/static/"

// Load reads, hashes and compresses every embedded asset. The files are
// built into the binary, so the work is done once per process, however
// many times Load is called (tests build many apps).
func Load() (*Assets, error) { return loadOnce() }

var loadOnce = sync.OnceValues(load)

func load() (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}, byURL: map[string]*Asset{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		url := Prefix + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		as := &Asset{Name: p, URL: url, ContentType: contentType(ext), Body: b}
		if as.Brotli, err = compressBrotli(b); err != nil {
			return err
		}
		if as.Gzip, err = compressGzip(b); err != nil {
			return err
		}
		a.byName[p] = as
		a.byURL[url] = as
		return nil
	})
	return a, err
}

func compressBrotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if buf.Len() >= len(b) {
		return nil, nil
	}
	return buf.Bytes(), nil
}

func compressGzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if buf.Len() >= len(b) {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// Encoded returns the body to send for a request that accepts the
// encodings in acceptEncoding (the header's value), and the
// Content-Encoding to send with it ("" for the file as it is).
func (as *Asset) Encoded(acceptEncoding string) (body []byte, encoding string) {
	if as.Brotli != nil && Accepts(acceptEncoding, "br") {
		return as.Brotli, "br"
	}
	if as.Gzip != nil && Accepts(acceptEncoding, "gzip") {
		return as.Gzip, "gzip"
	}
	return as.Body, ""
}

// Accepts reports whether an Accept-Encoding value allows enc (a q=0
// entry refuses it).
func Accepts(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// URL returns the hashed URL of the asset name; it panics on an unknown
// name, which templates hit at start-up when they are first rendered in
// tests.
func (a *Assets) URL(name string) string {
	as, ok := a.byName[name]
	if !ok {
		panic("unknown asset " + name)
	}
	return as.URL
}

// ByURL returns the asset served at url.
func (a *Assets) ByURL(url string) (*Asset, bool) {
	as, ok := a.byURL[url]
	return as, ok
}

// ByName returns the asset with the plain name.
func (a *Assets) ByName(name string) (*Asset, bool) {
	as, ok := a.byName[name]
	return as, ok
}
