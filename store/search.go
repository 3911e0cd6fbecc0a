package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

// SearchTerms is what a staff search looks for, read from what was typed
// (ParseSearch). Any of the three may be set; a case matching one of them
// is a hit.
type SearchTerms struct {
	// Ref is a case reference in its canonical form ("ABCD-2345").
	Ref string
	// NationalID is a national identity number: eleven digits, matched
	// exactly.
	NationalID string
	// Name is a part of a name, lower-cased with single spaces, matched
	// anywhere in the name.
	Name string
}

// Empty reports whether the terms look for nothing.
func (t SearchTerms) Empty() bool { return t.Ref == "" && t.NationalID == "" && t.Name == "" }

// ParseSearch reads a search as typed: a reference with or without its
// dash, a national identity number (eleven digits, spaces allowed), or at
// least two letters of a name. Eight symbols of the reference alphabet
// are looked for both as a reference and as a name ("Bakketun"). It
// reports false when the text is none of these (empty, too short, or a
// number that is neither).
func ParseSearch(text string) (SearchTerms, bool) {
	var t SearchTerms
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || len(text) > 200 {
		return t, false
	}
	digits := strings.NewReplacer(" ", "", ".", "").Replace(text)
	if isDigits(digits) {
		if len(digits) == 11 {
			t.NationalID = digits
			return t, true
		}
	}
	if ref, ok := casework.NormalizeReference(text); ok {
		t.Ref = ref
	}
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters >= 2 {
		t.Name = searchName(text)
	}
	return t, !t.Empty()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// searchName is a name as the search compares it: lower case, single
// spaces (IndexEntry.NameLower).
func searchName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// SearchQuery is a staff search within the offices the staff member may
// see.
type SearchQuery struct {
	Terms   SearchTerms
	Offices []string
	// SeesProtected includes the cases of persons with a protected
	// address: only for staff with the permission for them.
	SeesProtected bool
	// Limit is the most hits returned (50 if not set).
	Limit int
}

// SearchResult is the hits of a search, newest first, and whether there
// were more than the limit.
type SearchResult struct {
	Entries []IndexEntry
	More    bool
}

// matches reports whether e is a hit the staff member may see.
func (q SearchQuery) matches(e IndexEntry) bool {
	if !slices.Contains(q.Offices, e.Office) || e.Protected != "" && !q.SeesProtected {
		return false
	}
	t := q.Terms
	return t.Ref != "" && e.Ref == t.Ref ||
		t.NationalID != "" && e.NationalID == t.NationalID ||
		t.Name != "" && strings.Contains(e.NameLower, t.Name)
}

// Search finds the cases whose reference, owner's national identity
// number or name matches, among those of the given offices, leaving out
// protected cases unless the staff member may see them. With the embedded
// database it reads the in-memory index; on MongoDB it queries the case
// index by _id and nationalId (each an indexed equality) or by a part of
// nameLower (an unanchored pattern: MongoDB scans the nameLower index's
// keys, not the documents, but the cost still grows with the index).
func (s *Store) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	res := &SearchResult{}
	if q.Terms.Empty() || len(q.Offices) == 0 {
		return res, nil
	}
	var list []IndexEntry
	if s.cache != nil {
		s.cache.mu.RLock()
		for _, e := range s.cache.entries {
			if q.matches(e) {
				list = append(list, e)
			}
		}
		s.cache.mu.RUnlock()
	} else {
		var err error
		if list, err = s.searchDB(ctx, q); err != nil {
			return nil, err
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].SubmittedAt.Equal(list[j].SubmittedAt) {
			return list[i].SubmittedAt.After(list[j].SubmittedAt)
		}
		return list[i].Ref < list[j].Ref
	})
	if len(list) > q.Limit {
		list, res.More = list[:q.Limit], true
	}
	res.Entries = list
	return res, nil
}

func (s *Store) searchDB(ctx context.Context, q SearchQuery) ([]IndexEntry, error) {
	offices := bson.A{}
	for _, o := range q.Offices {
		offices = append(offices, o)
	}
	var or bson.A
	t := q.Terms
	if t.Ref != "" {
		or = append(or, bson.D{{Key: "_id", Value: t.Ref}})
	}
	if t.NationalID != "" {
		or = append(or, bson.D{{Key: "nationalId", Value: t.NationalID}})
	}
	if t.Name != "" {
		or = append(or, bson.D{{Key: "nameLower", Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(t.Name)}}}})
	}
	filter := bson.D{{Key: "$or", Value: or}, {Key: "office", Value: bson.D{{Key: "$in", Value: offices}}}}
	if !q.SeesProtected {
		filter = append(filter, bson.E{Key: "protected", Value: bson.D{{Key: "$exists", Value: false}}})
	}
	cur, err := s.db.Collection(colIndex).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "submittedAt", Value: -1}, {Key: "_id", Value: 1}}).SetLimit(int64(q.Limit+1)))
	if err != nil {
		return nil, fmt.Errorf("search case index: %w", err)
	}
	var out []IndexEntry
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("search case index: %w", err)
	}
	return out, nil
}
