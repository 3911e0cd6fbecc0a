// Package static serves the portal's CSS, JavaScript and icons under
// content-hashed names, so they can be cached for a year and a change is
// fetched at once.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

//go:embed *.css *.js *.svg vendor/*.js
var files embed.FS

// Asset is one static file.
type Asset struct {
	Name        string
	URL         string
	ContentType string
	Body        []byte
}

// Assets maps plain names ("app.css") to their hashed URLs and contents.
type Assets struct {
	byName map[string]*Asset
	byURL  map[string]*Asset
}

// Prefix is the URL path under which assets are served.
const Prefix = "/static/"

// Load reads and hashes every embedded asset.
func Load() (*Assets, error) {
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
		a.byName[p] = as
		a.byURL[url] = as
		return nil
	})
	return a, err
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
