package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

func TestParseSearch(t *testing.T) {
	for _, c := range []struct {
		in   string
		want store.SearchTerms
		ok   bool
	}{
		{"abcd-2345", store.SearchTerms{Ref: "ABCD-2345", Name: "abcd-2345"}, true},
		{" ABCD2345 ", store.SearchTerms{Ref: "ABCD-2345", Name: "abcd2345"}, true},
		{"010190 12345", store.SearchTerms{NationalID: "01019012345"}, true},
		{"Ola  NORDMANN", store.SearchTerms{Name: "ola nordmann"}, true},
		{"Bakketun", store.SearchTerms{Ref: "BAKK-ETUN", Name: "bakketun"}, true},
		{"Ø", store.SearchTerms{}, false},
		{"", store.SearchTerms{}, false},
		{"   ", store.SearchTerms{}, false},
		{"12345", store.SearchTerms{}, false},
		{"123456789012", store.SearchTerms{}, false},
		{"%$#", store.SearchTerms{}, false},
	} {
		got, ok := store.ParseSearch(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ParseSearch(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// The search finds a case by its reference, its owner's national identity
// number and a part of the name, only among the offices asked for, and a
// protected case only with the permission; the same with the database
// queries and the in-memory index.
func TestSearch(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	now := testkit.Now()
	add := func(ref, office, nid, name, protected string, daysAgo int) {
		c := casework.NewCase(ref, &casework.Draft{ID: "d" + ref}, casework.Person{NationalID: nid, Name: name}, casework.Office{Municipality: office}, now.Add(-time.Duration(daysAgo)*24*time.Hour), cal)
		c.Protected = protected
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	add("AAAA-2222", "3401", "01019012345", "Kari Nordmann", "", 3)
	add("BBBB-2222", "3401", "02029012345", "Ola Nordmann", "", 2)
	add("CCCC-2222", "9991", "03039012345", "Per Nordmann", "", 1)
	add("DDDD-2222", "3401", "04049012345", "Tor Vern", "fortrolig", 4)
	add("EEEE-2222", "3401", "01019012345", "Kari Nordmann", "", 5)
	// A name with characters a regular expression would read.
	add("FFFF-2222", "3401", "05059012345", "Anne (Dr.) Ås*", "", 6)

	search := func(text string, sees bool, offices ...string) []string {
		t.Helper()
		terms, ok := store.ParseSearch(text)
		if !ok {
			t.Fatalf("%q is not a search", text)
		}
		res, err := st.Search(ctx, store.SearchQuery{Terms: terms, Offices: offices, SeesProtected: sees})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range res.Entries {
			out = append(out, e.Ref)
		}
		return out
	}
	check := func(path string) {
		for _, c := range []struct {
			text    string
			sees    bool
			offices []string
			want    []string
		}{
			{"bbbb2222", false, []string{"3401"}, []string{"BBBB-2222"}},
			{"BBBB-2222", false, []string{"3401", "9991"}, []string{"BBBB-2222"}},
			{"01019012345", false, []string{"3401"}, []string{"AAAA-2222", "EEEE-2222"}},
			{"nordMANN", false, []string{"3401"}, []string{"BBBB-2222", "AAAA-2222", "EEEE-2222"}},
			{"nordmann", false, []string{"3401", "9991"}, []string{"CCCC-2222", "BBBB-2222", "AAAA-2222", "EEEE-2222"}},
			{"(dr.) ås*", false, []string{"3401"}, []string{"FFFF-2222"}},
			{"dr.*", false, []string{"3401"}, nil},
			// Another office's case: not by reference, number or name.
			{"CCCC-2222", false, []string{"3401"}, nil},
			{"03039012345", false, []string{"3401"}, nil},
			{"per nord", false, []string{"3401"}, nil},
			// A protected case: only with the permission.
			{"DDDD-2222", false, []string{"3401"}, nil},
			{"04049012345", false, []string{"3401"}, nil},
			{"vern", false, []string{"3401"}, nil},
			{"vern", true, []string{"3401"}, []string{"DDDD-2222"}},
			{"04049012345", true, []string{"3401"}, []string{"DDDD-2222"}},
			{"vern", true, []string{"9991"}, nil},
			{"vern", true, nil, nil},
		} {
			if got := search(c.text, c.sees, c.offices...); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %q (protected %v, offices %v) found %v, want %v", path, c.text, c.sees, c.offices, got, c.want)
			}
		}
		terms, _ := store.ParseSearch("nordmann")
		res, err := st.Search(ctx, store.SearchQuery{Terms: terms, Offices: []string{"3401", "9991"}, Limit: 2})
		if err != nil || len(res.Entries) != 2 || !res.More {
			t.Errorf("%s: limited search: %+v, %v", path, res, err)
		}
	}
	check("database")
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	check("in memory")
}
