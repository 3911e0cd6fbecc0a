package auth

import "testing"

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("riktig hest batteri stift")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(h, "riktig hest batteri stift"); !ok || err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if ok, _ := CheckPassword(h, "feil"); ok {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("riktig hest batteri stift")
	if h == h2 {
		t.Error("two hashes of one password are equal (no salt)")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$a$b", "$argon2id$v=19$m=x$a$b"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("hash %q read", bad)
		}
	}
	if p := NewPassword(); len(p) != 20 || p == NewPassword() {
		t.Errorf("password %q", p)
	}
}
