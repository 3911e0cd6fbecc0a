package handlers_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/url"
	"testing"
)

// noisePNG is a valid PNG of random pixels, which does not compress: a
// photo of a document is often this large.
func noisePNG(t *testing.T, side int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.UintN(256))
	}
	img.Set(0, 0, color.RGBA{A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Every form that takes files takes one larger than an ordinary form
// post may be: the follow-up form and the form for requested documents
// alike.
func TestUploadFormsTakeLargeFiles(t *testing.T) {
	e := newStaffEnv(t)
	photo := noisePNG(t, 400)
	if len(photo) < 300<<10 {
		t.Fatalf("the photo is only %d bytes", len(photo))
	}
	casePath := "/saker/" + e.ref
	p := e.citizen.postFiles(casePath+"/ettersend", url.Values{"followUpMessage": {"Bilde av kontrakten."}}, "followUpFile", namedFile{"kontrakt.png", photo})
	expectRedirect(t, p, casePath+"?sendt=ettersendt")
	if cs := storedCase(t, e); len(cs.AllFiles()) == 0 {
		t.Fatal("the photo was not stored")
	}
}
