package i18n_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/i18n"
	"kvp/views"
)

// sources returns the portal's code by file: the embedded templates, and
// every Go file (not tests, not generated), templ file and the test
// register's data.
func sources(t *testing.T) map[string]string {
	t.Helper()
	src, err := views.Source()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, pattern := range []string{"../*/*.go", "../*/*.templ", "../cmd/*/*.go", "../register/*.json"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src[f] = string(b)
	}
	return src
}

// usedKeys collects every message id the portal uses: literal ids in the
// templates and Go code (src, from sources), and the ids built from the
// domain's lists.
func usedKeys(src map[string]string) map[string]bool {
	keys := map[string]bool{}
	literal := regexp.MustCompile(`(?:\.T|\.Voice|\.Plural|T\(|Plural\(|Title|page\(c,|h\.page\(c,) *"([a-z0-9]+(?:\.[a-zA-Z0-9\-]+)+)"`)
	fieldArgs := regexp.MustCompile(`field(?: [.$]|\([a-z]+,) "[^"]*",? "([a-z0-9.\-]+)"`)
	hint := regexp.MustCompile(`"hint=([a-z0-9.\-]+)"`)
	keyField := regexp.MustCompile(`Key: *"(err\.[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)+)"`)
	// Any quoted error id in Go code, such as refuse("start", "err.x.y").
	errLiteral := regexp.MustCompile(`"(err\.[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)+)"`)
	add := func(src string) {
		for _, re := range []*regexp.Regexp{literal, fieldArgs, hint, keyField, errLiteral} {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				if m[1] != "" && !strings.HasSuffix(m[1], ".") {
					keys[m[1]] = true
				}
			}
		}
	}
	for _, s := range src {
		var code []string
		for _, line := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "//") {
				code = append(code, line)
			}
		}
		add(strings.Join(code, "\n"))
	}
	for _, s := range casework.Steps {
		keys["step."+string(s)+".title"] = true
	}
	for _, o := range casework.IncomeSources {
		keys["opt.income."+o] = true
	}
	for _, o := range casework.EducationLevels {
		keys["opt.education."+o] = true
	}
	for _, o := range casework.HousingSituations {
		keys["opt.housing."+o] = true
	}
	for i := 0; i < 7; i++ {
		keys[fmt.Sprintf("weekday.%d", i)] = true
	}
	for i := 1; i <= 12; i++ {
		keys[fmt.Sprintf("month.%d", i)] = true
	}
	return keys
}

func TestEveryUsedMessageExistsInEveryLanguage(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := usedKeys(sources(t))
	if len(used) < 100 {
		t.Fatalf("found only %d message ids in use; the scan is broken", len(used))
	}
	for _, lang := range b.Languages() {
		var missing []string
		have := b.Keys(lang)
		for k := range used {
			if !have[k] {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d messages: %s", lang, len(missing), strings.Join(missing, ", "))
		}
	}
}

// Every message is used: its id is written out somewhere in the code
// (Go, templ and html/template sources, and the test register's data),
// or it belongs to one of the few families the pages build from the
// domain's own lists (usedKeys). A message left behind by a change fails
// here, so no message id is built from a value at run time.
func TestEveryMessageIsUsed(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	src := sources(t)
	used := usedKeys(src)
	quoted := regexp.MustCompile(`"(?:hint=)?([a-z][a-zA-Z0-9_\-]*(?:\.[a-zA-Z0-9_\-]+)+)"`)
	for _, s := range src {
		for _, m := range quoted.FindAllStringSubmatch(s, -1) {
			used[m[1]] = true
		}
	}
	var unused []string
	for k := range b.Keys(i18n.Default) {
		// A staff page's version of a text about the applicant
		// (Localizer.Voice) is used where the text is.
		if !used[k] && !used[strings.TrimPrefix(k, "staffview.")] {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("%d messages are used nowhere (remove them, or write their id out where it is chosen): %s", len(unused), strings.Join(unused, ", "))
	}
}

func TestLanguagesHaveTheSameMessages(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ref := b.Keys(i18n.Default)
	for _, lang := range b.Languages() {
		for k := range ref {
			if !b.Keys(lang)[k] {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
		for k := range b.Keys(lang) {
			if !ref[k] {
				t.Errorf("%s has %s, which %s lacks", lang, k, i18n.Default)
			}
		}
	}
}

func TestTemplateDataIsFilledIn(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := b.For("nb")
	if got := l.T("date.format", "Day", 17, "Month", "mai", "Year", 2027); got != "17. mai 2027" {
		t.Errorf("date.format = %q", got)
	}
	if got := l.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shown as %q", got)
	}
	if b.For("xx").Lang != i18n.Default {
		t.Error("unknown language does not fall back to the default")
	}
}

// The compiled messages (compiled.go) give exactly go-i18n's text for
// every message of every language: with every placeholder filled, with a
// number, and with none.
func TestCompiledMessagesMatchGoI18n(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`\{\{ *\.([A-Za-z0-9_]+) *\}\}`)
	checked := 0
	for _, lang := range b.Languages() {
		l := b.For(lang)
		for id := range b.Keys(lang) {
			src := l.GoI18n(id, "Probe", "x")
			if strings.HasPrefix(src, "error: ") {
				continue // a message with plural forms (TestPluralForms)
			}
			var strArgs, intArgs []any
			for _, m := range names.FindAllStringSubmatch(src, -1) {
				strArgs = append(strArgs, m[1], "«"+m[1]+"»")
				intArgs = append(intArgs, m[1], 1234)
			}
			for _, args := range [][]any{strArgs, intArgs, nil} {
				if got, want := l.T(id, args...), l.GoI18n(id, args...); got != want {
					t.Errorf("%s %s %v: %q, go-i18n gives %q", lang, id, args, got, want)
				}
				checked++
			}
		}
	}
	if checked < 3000 {
		t.Fatalf("checked only %d messages", checked)
	}
}

// Messages with plural forms take the form go-i18n's plural rules give
// for the count, in every language.
func TestPluralForms(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"nb", 1, "1 dag igjen."}, {"nb", 2, "2 dager igjen."}, {"nb", 0, "0 dager igjen."},
		{"nn", 1, "1 dag att."}, {"nn", 5, "5 dagar att."},
		{"en", 1, "1 day left."}, {"en", 21, "21 days left."},
	} {
		if got := b.For(tc.lang).Plural("staff.days.left", tc.n, "Days", tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if !b.For("nn").Has("staff.days.left") || b.For("nn").Has("staff.days.nosuch") {
		t.Error("Has does not tell a message with plural forms from a missing one")
	}
	// A message without plural forms reads the same through Plural.
	if got, want := b.For("nb").Plural("staff.days.today", 0), b.For("nb").T("staff.days.today"); got != want {
		t.Errorf("Plural of a plain message: %q, want %q", got, want)
	}
}
