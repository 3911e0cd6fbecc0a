package forms

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"kvp/casework"
	"kvp/i18n"
)

func TestBindContact(t *testing.T) {
	cases := []struct {
		name   string
		in     url.Values
		errors []string // fields with errors, in page order
	}{
		{"valid", url.Values{"phone": {"+47 912 34 567"}, "street": {"Gate 1"}, "postalCode": {"2212"}, "postalTown": {"By"}}, nil},
		{"all missing", url.Values{}, []string{"phone", "street", "postalCode", "postalTown"}},
		{"bad shapes", url.Values{"phone": {"12-34"}, "email": {"a@"}, "street": {"Gate 1"}, "postalCode": {"221"}, "postalTown": {"By"}}, []string{"phone", "email", "postalCode"}},
		{"plus inside", url.Values{"phone": {"912+34567"}, "street": {"x"}, "postalCode": {"2212"}, "postalTown": {"By"}}, []string{"phone"}},
		{"too long", url.Values{"phone": {"91234567"}, "street": {strings.Repeat("g", 101)}, "postalCode": {"2212"}, "postalTown": {"By"}}, []string{"street"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := BindContact(tc.in)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.errors, ",") {
				t.Errorf("errors on %v, want %v", got, tc.errors)
			}
		})
	}
}

func TestErrorKeys(t *testing.T) {
	_, errs := BindContact(url.Values{"phone": {"1"}})
	e, ok := errs.For("phone")
	if !ok || e.Code != casework.EINVALID || e.Message != "err.contact.phone.phone" {
		t.Errorf("phone error %+v", e)
	}
}

func TestBindChildren(t *testing.T) {
	f, errs := BindChildren(url.Values{"hasChildren": {"ja"}, "ages": {"3, 7 12"}})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if a := f.Answer(); !a.HasChildren || len(a.Ages) != 3 || a.Ages[2] != 12 {
		t.Errorf("answer %+v", a)
	}
	for _, bad := range []string{"18", "-1", "tre", "3,,x", strings.Repeat("1,", 16)} {
		if _, errs := BindChildren(url.Values{"hasChildren": {"ja"}, "ages": {bad}}); !errs.Has("ages") {
			t.Errorf("ages %q accepted", bad)
		}
	}
	// Ages typed and then "no": no children stored.
	f, errs = BindChildren(url.Values{"hasChildren": {"nei"}, "ages": {"5"}})
	if len(errs) != 0 || f.Answer().HasChildren || len(f.Answer().Ages) != 0 {
		t.Errorf("no-children answer %+v %v", f.Answer(), errs)
	}
	// Round trip through the stored answer.
	f, _ = BindChildren(url.Values{"hasChildren": {"ja"}, "ages": {"4 9"}})
	back := ChildrenFrom(f.Answer(), true)
	if back.HasChildren != "ja" || back.Ages != "4, 9" {
		t.Errorf("round trip %+v", back)
	}
}

func TestBindHousing(t *testing.T) {
	for in, want := range map[string]int{"8500": 8500, "8 500": 8500, "8\u00a0500 kr": 8500, "12.000,-": 12000, "0": 0} {
		f, errs := BindHousing(url.Values{"housing": {"leier"}, "monthlyCost": {in}})
		if len(errs) != 0 || f.Answer().MonthlyCost != want {
			t.Errorf("%q: %d %v", in, f.Answer().MonthlyCost, errs)
		}
	}
	if _, errs := BindHousing(url.Values{"housing": {"eier"}}); !errs.Has("monthlyCost") {
		t.Error("owner without a cost accepted")
	}
	if _, errs := BindHousing(url.Values{"housing": {"bor-hos-andre"}}); len(errs) != 0 {
		t.Errorf("cost required when living with others: %v", errs)
	}
	if _, errs := BindHousing(url.Values{"housing": {"leier"}, "monthlyCost": {"999999"}}); !errs.Has("monthlyCost") {
		t.Error("absurd cost accepted")
	}
}

func TestBinderRefusesOddInput(t *testing.T) {
	cases := map[string]url.Values{
		"repeated field": {"goal": {"a", "b"}},
		"control char":   {"goal": {"a\x07b"}},
		"invalid utf8":   {"goal": {"\xff"}},
		"line separator": {"goal": {"a\u2028b"}},
	}
	for name, v := range cases {
		if _, errs := BindGoals(v); !errs.Has("goal") {
			t.Errorf("%s accepted", name)
		}
	}
	// Line breaks and tabs are fine in text areas; operators in names are
	// never read.
	f, errs := BindGoals(url.Values{"goal": {"linje 1\r\nlinje 2\t."}, "goal[$ne]": {"x"}})
	if len(errs) != 0 || f.Goal != "linje 1\nlinje 2\t." {
		t.Errorf("%q %v", f.Goal, errs)
	}
}

func FuzzBindSteps(f *testing.F) {
	f.Add("912 34 567", "kari@example.no", "4, 9", "8 500", "sosialhjelp", "<script>")
	f.Add("\x00", "@", ",,", "-1", "ingen", "\xff\xfe")
	f.Add("+", "a@b", "17", "200001", "annet", strings.Repeat("x", 3000))
	b, err := i18n.Load()
	if err != nil {
		f.Fatal(err)
	}
	messages := b.Keys(i18n.Default)
	f.Fuzz(func(t *testing.T, phone, email, ages, cost, income, text string) {
		v := url.Values{"phone": {phone}, "email": {email}, "street": {text}, "postalCode": {cost}, "postalTown": {text},
			"hasChildren": {"ja"}, "ages": {ages}, "housing": {"leier"}, "monthlyCost": {cost},
			"incomeSources": {income, text}, "workExperience": {text}, "education": {income}, "goal": {text}}
		check := func(errs Errors) {
			for _, e := range errs {
				if e.Field == "" || e.Message == "" || !messages[e.Message] {
					t.Fatalf("error without a message id: %+v", e)
				}
			}
		}
		c, errs := BindContact(v)
		check(errs)
		if len(errs) == 0 && (!utf8.ValidString(c.Phone) || len(c.Street) > 100*4) {
			t.Fatalf("accepted bad contact %+v", c)
		}
		ch, errs := BindChildren(v)
		check(errs)
		if len(errs) == 0 {
			for _, a := range ch.Answer().Ages {
				if a < 0 || a > 17 {
					t.Fatalf("accepted age %d", a)
				}
			}
		}
		h, errs := BindHousing(v)
		check(errs)
		if len(errs) == 0 && (h.Answer().MonthlyCost < 0 || h.Answer().MonthlyCost > MaxHousingCost) {
			t.Fatalf("accepted cost %d", h.Answer().MonthlyCost)
		}
		s, errs := BindSituation(v)
		check(errs)
		if len(errs) == 0 {
			for _, x := range s.IncomeSources {
				if !strings.Contains(" sosialhjelp arbeid aap dagpenger sykepenger uforetrygd bostotte annet ingen ", " "+x+" ") {
					t.Fatalf("accepted income %q", x)
				}
			}
		}
		g, errs := BindGoals(v)
		check(errs)
		if len(errs) == 0 && strings.ContainsRune(g.Goal, 0) {
			t.Fatal("accepted a NUL")
		}
	})
}
