package attachment

import ("testing"; "os"; "time")

func TestTmpHang(t *testing.T) {
	for _, f := range []string{"/tmp/hang1.bin", "/tmp/hang2.bin"} {
		d, _ := os.ReadFile(f)
		s := time.Now()
		k, err := Inspect(d)
		t.Logf("%s: %q %v %v", f, k, err, time.Since(s))
	}
}
