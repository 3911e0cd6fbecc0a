package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
)

const colIndex = "caseindex"

// IndexEntry is the lean list document of a case: what the inbox shows
// and filters on. It is written with every change of the case.
type IndexEntry struct {
	Ref    string `bson:"_id"`
	Kind   string `bson:"kind,omitempty"`
	Office string `bson:"office"`
	Status string `bson:"status"`
	Name   string `bson:"name"`
	// NameLower is Name in lower case, and NationalID the owner's national
	// identity number (empty for a conversation request sent without
	// logging in): what the staff search looks in (see Search).
	NameLower     string    `bson:"nameLower,omitempty"`
	NationalID    string    `bson:"nationalId,omitempty"`
	SubmittedAt   time.Time `bson:"submittedAt"`
	Assignee      string    `bson:"assignee,omitempty"`
	AssigneeName  string    `bson:"assigneeName,omitempty"`
	DeadlineState string    `bson:"deadlineState,omitempty"`
	// NextDeadline is the next statutory date: the interim reply while it
	// is owed, then the second notice while a decision is unopened.
	NextDeadline time.Time `bson:"nextDeadline,omitempty"`
	NextKind     string    `bson:"nextKind,omitempty"`
	// Protected is the person's address protection (casework.Case.Protected):
	// staff without the permission for it never get such a case in a list
	// or a count.
	Protected string `bson:"protected,omitempty"`
	// Appeal is "intime" or "late" while an appeal is being handled;
	// LateReason is the start of the citizen's reason for a late appeal.
	Appeal     string `bson:"appeal,omitempty"`
	LateReason string `bson:"lateReason,omitempty"`
	// Urgency puts cases whose deadline is near (1) or passed (2) first.
	Urgency int `bson:"urgency,omitempty"`
	// News counts what the applicant has sent since staff last opened the
	// case (casework.Case.NewFromApplicant).
	News    int `bson:"news,omitempty"`
	Version int `bson:"version"`
	// Schema is the shape of the entry; entries of an older shape are
	// rebuilt from their cases at start (see EnsureIndexes).
	Schema int `bson:"schema"`
}

// indexSchema is the current shape of IndexEntry. Raise it whenever
// EntryFor derives something new, and every entry is rebuilt at start.
const indexSchema = 6

// lateReasonMax is how much of a late appeal's reason the inbox shows.
const lateReasonMax = 140

// Deadline kinds in IndexEntry.NextKind.
const (
	NextInterim       = "interim"
	NextSecondNotice  = "secondNotice"
	NextAppealInterim = "appealInterim"
)

// EntryFor derives the index entry of a case.
func EntryFor(c *casework.Case) IndexEntry {
	e := IndexEntry{
		Ref: c.ID, Kind: c.Kind, Office: c.Office.Municipality, Status: string(c.Status), Name: c.Owner.Name,
		NameLower: searchName(c.Owner.Name), NationalID: c.Owner.NationalID,
		SubmittedAt: c.SubmittedAt, Assignee: c.Assignee, AssigneeName: c.AssigneeName, Protected: c.Protected,
		DeadlineState: c.DeadlineState, News: c.NewFromApplicant, Version: c.Version, Schema: indexSchema,
	}
	switch c.DeadlineState {
	case casework.DeadlineOverdue:
		e.Urgency = 2
	case casework.DeadlineSoon:
		e.Urgency = 1
	}
	a := c.OpenAppeal()
	if a != nil {
		e.Appeal = "intime"
		if a.Late {
			e.Appeal = "late"
			e.LateReason = clip(a.LateReason, lateReasonMax)
		}
	}
	switch {
	case c.InterimPending():
		e.NextDeadline, e.NextKind = c.InterimReplyDue, NextInterim
	case a != nil && a.InterimSentAt.IsZero() && a.Status != casework.AppealForwarded:
		e.NextDeadline, e.NextKind = a.InterimDue, NextAppealInterim
	case !c.SecondNoticeDue().IsZero():
		e.NextDeadline, e.NextKind = c.SecondNoticeDue(), NextSecondNotice
	}
	return e
}

// InboxQuery selects a page of an office's inbox.
type InboxQuery struct {
	Office string
	// View is "new" (received), "status" (with Status), "mine" (assigned
	// to Assignee, open), "deadlines" (every case with a next deadline,
	// the one its row shows, or a deadline state), "requests"
	// (conversation requests not yet held or closed), "news" (something
	// new from the applicant), or "" for every case.
	View     string
	Status   string
	Assignee string
	// Sort is "received" (newest first) or "deadline" (soonest first).
	Sort     string
	Page     int
	PageSize int
	// SeesProtected includes the cases of persons with a protected
	// address: only for staff with the permission for them.
	SeesProtected bool
}

// InboxPage is one page of an inbox, with the count of each view.
type InboxPage struct {
	Entries []IndexEntry
	Total   int
	Counts  map[string]int
}

// inboxCache keeps every index entry in memory. It is used with the
// embedded database, which scans a collection for any filter but _id (about
// 600 ms for 10k entries); the embedded database serves a single process,
// so this process sees every write.
type inboxCache struct {
	mu      sync.RWMutex
	entries map[string]IndexEntry
}

// EnableInboxCache loads the case index into memory and keeps it there.
// Call it only when this process is the database's only writer (the
// embedded database).
func (s *Store) EnableInboxCache(ctx context.Context) error {
	cur, err := s.db.Collection(colIndex).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("load case index: %w", err)
	}
	var all []IndexEntry
	if err := cur.All(ctx, &all); err != nil {
		return fmt.Errorf("load case index: %w", err)
	}
	if err := s.loadOutboxIndex(ctx); err != nil {
		return err
	}
	c := &inboxCache{entries: make(map[string]IndexEntry, len(all))}
	for _, e := range all {
		c.entries[e.Ref] = e
	}
	s.cache = c
	return nil
}

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// saveIndex writes the index entry of a case unless a newer version of it
// is stored already: with several instances on MongoDB, two updates of one
// case can write their entries in either order, and the older must not win.
func (s *Store) saveIndex(ctx context.Context, e IndexEntry) error {
	defer s.lock(colIndex, e.Ref)()
	col := s.db.Collection(colIndex)
	filter := bson.D{{Key: "_id", Value: e.Ref}, {Key: "version", Value: bson.D{{Key: "$lte", Value: e.Version}}}}
	if s.docs != nil {
		// The embedded database: compare versions here, under the lock,
		// and replace by _id alone (see updateIf).
		newer, err := s.newerIndexEntry(ctx, e)
		if err != nil || newer {
			return err
		}
		filter = bson.D{{Key: "_id", Value: e.Ref}}
	}
	upsert := func() error {
		_, err := col.ReplaceOne(ctx, filter, e, options.Replace().SetUpsert(true))
		return err
	}
	err := upsert()
	if isDuplicate(err) {
		// Either the entry was inserted meanwhile (then this replaces it)
		// or a newer version is stored (then the insert fails again and
		// the newer entry stays, which is right).
		if err = upsert(); isDuplicate(err) {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("save case index: %w", err)
	}
	if s.cache != nil {
		s.cache.mu.Lock()
		if old, ok := s.cache.entries[e.Ref]; !ok || old.Version <= e.Version {
			s.cache.entries[e.Ref] = e
		}
		s.cache.mu.Unlock()
	}
	return nil
}

// newerIndexEntry reports whether a newer version of e is stored.
func (s *Store) newerIndexEntry(ctx context.Context, e IndexEntry) (bool, error) {
	if s.cache != nil {
		s.cache.mu.RLock()
		old, ok := s.cache.entries[e.Ref]
		s.cache.mu.RUnlock()
		// The cache holds every entry (EnableInboxCache).
		return ok && old.Version > e.Version, nil
	}
	var old IndexEntry
	err := s.db.Collection(colIndex).FindOne(ctx, bson.D{{Key: "_id", Value: e.Ref}}).Decode(&old)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read case index: %w", err)
	}
	return old.Version > e.Version, nil
}

// rebuildStaleIndex rewrites the index entries of an older shape from
// their cases.
func (s *Store) rebuildStaleIndex(ctx context.Context) (int, error) {
	cur, err := s.db.Collection(colIndex).Find(ctx, bson.D{{Key: "schema", Value: bson.D{{Key: "$ne", Value: indexSchema}}}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("find stale index entries: %w", err)
	}
	var stale []struct {
		Ref string `bson:"_id"`
	}
	if err := cur.All(ctx, &stale); err != nil {
		return 0, fmt.Errorf("find stale index entries: %w", err)
	}
	n := 0
	for _, r := range stale {
		c, err := s.Case(ctx, r.Ref)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		if err := s.saveIndex(ctx, EntryFor(c)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// matches reports whether e belongs to the view of q.
func (q InboxQuery) matches(e IndexEntry, view string) bool {
	if e.Office != q.Office || !q.sees(e) {
		return false
	}
	open := e.Status == string(casework.StatusReceived) || e.Status == string(casework.StatusAssessing)
	switch view {
	case "new":
		return e.Status == string(casework.StatusReceived)
	case "status":
		return e.Status == q.Status
	case "mine":
		return open && q.Assignee != "" && e.Assignee == q.Assignee
	case "deadlines":
		// The same condition as the database filter (viewFilter): a row
		// that shows a deadline is in the view and its count.
		return e.NextKind != "" || e.DeadlineState != ""
	case "appeals":
		return e.Appeal != ""
	case "news":
		return e.News > 0
	case "requests":
		return e.Kind == casework.KindConversation && (e.Status == string(casework.StatusRequested) || e.Status == string(casework.StatusBooked))
	}
	return true
}

// Inbox returns a page of an office's inbox.
func (s *Store) Inbox(ctx context.Context, q InboxQuery) (*InboxPage, error) {
	if q.PageSize <= 0 {
		q.PageSize = 25
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if s.cache != nil {
		return s.inboxFromCache(q), nil
	}
	return s.inboxFromDB(ctx, q)
}

func (s *Store) inboxFromCache(q InboxQuery) *InboxPage {
	s.cache.mu.RLock()
	defer s.cache.mu.RUnlock()
	p := &InboxPage{Counts: map[string]int{}}
	var list []IndexEntry
	for _, e := range s.cache.entries {
		if e.Office != q.Office || !q.sees(e) {
			continue
		}
		for _, v := range []string{"", "new", "mine", "deadlines", "requests", "appeals", "news"} {
			if q.matches(e, v) {
				p.Counts[v]++
			}
		}
		p.Counts["status:"+e.Status]++
		if q.matches(e, q.View) {
			list = append(list, e)
		}
	}
	sortEntries(list, q.Sort)
	p.Total = len(list)
	from := (q.Page - 1) * q.PageSize
	if from < len(list) {
		to := min(from+q.PageSize, len(list))
		p.Entries = append([]IndexEntry(nil), list[from:to]...)
	}
	return p
}

// sortEntries orders an inbox: by "deadline", the soonest next deadline
// first; otherwise cases whose deadline is passed, then near, first, and
// within those the newest first.
func sortEntries(list []IndexEntry, by string) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if by == "deadline" {
			switch {
			case a.NextDeadline.IsZero() != b.NextDeadline.IsZero():
				return !a.NextDeadline.IsZero()
			case !a.NextDeadline.Equal(b.NextDeadline):
				return a.NextDeadline.Before(b.NextDeadline)
			}
		} else if a.Urgency != b.Urgency {
			return a.Urgency > b.Urgency
		}
		if !a.SubmittedAt.Equal(b.SubmittedAt) {
			return a.SubmittedAt.After(b.SubmittedAt)
		}
		return a.Ref < b.Ref
	})
}

// viewFilter is the database filter of an inbox view.
func (q InboxQuery) viewFilter(view string) bson.D {
	f := bson.D{{Key: "office", Value: q.Office}}
	if !q.SeesProtected {
		f = append(f, bson.E{Key: "protected", Value: bson.D{{Key: "$exists", Value: false}}})
	}
	open := bson.D{{Key: "$in", Value: bson.A{string(casework.StatusReceived), string(casework.StatusAssessing)}}}
	switch view {
	case "new":
		f = append(f, bson.E{Key: "status", Value: string(casework.StatusReceived)})
	case "status":
		f = append(f, bson.E{Key: "status", Value: q.Status})
	case "mine":
		f = append(f, bson.E{Key: "status", Value: open}, bson.E{Key: "assignee", Value: q.Assignee})
	case "appeals":
		f = append(f, bson.E{Key: "appeal", Value: bson.D{{Key: "$in", Value: bson.A{"intime", "late"}}}})
	case "news":
		f = append(f, bson.E{Key: "news", Value: bson.D{{Key: "$gt", Value: 0}}})
	case "requests":
		f = append(f, bson.E{Key: "kind", Value: casework.KindConversation}, bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{string(casework.StatusRequested), string(casework.StatusBooked)}}}})
	case "deadlines":
		f = append(f, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "nextKind", Value: bson.D{{Key: "$exists", Value: true}}}},
			bson.D{{Key: "deadlineState", Value: bson.D{{Key: "$exists", Value: true}}}},
		}})
	}
	return f
}

func (s *Store) inboxFromDB(ctx context.Context, q InboxQuery) (*InboxPage, error) {
	col := s.db.Collection(colIndex)
	p := &InboxPage{Counts: map[string]int{}}
	for _, v := range []string{"", "new", "mine", "deadlines", "requests", "appeals", "news"} {
		if v == "mine" && q.Assignee == "" {
			continue
		}
		n, err := col.CountDocuments(ctx, q.viewFilter(v))
		if err != nil {
			return nil, fmt.Errorf("count inbox: %w", err)
		}
		if n > 0 {
			p.Counts[v] = int(n)
		}
	}
	for _, st := range append(append([]casework.Status{}, casework.Statuses...), casework.ConversationStatuses...) {
		n, err := col.CountDocuments(ctx, InboxQuery{Office: q.Office, Status: string(st), SeesProtected: q.SeesProtected}.viewFilter("status"))
		if err != nil {
			return nil, fmt.Errorf("count inbox: %w", err)
		}
		if n > 0 {
			p.Counts["status:"+string(st)] = int(n)
		}
	}
	p.Total = p.Counts[q.View]
	if q.View == "status" {
		p.Total = p.Counts["status:"+q.Status]
	}
	order := bson.D{{Key: "urgency", Value: -1}, {Key: "submittedAt", Value: -1}, {Key: "_id", Value: 1}}
	if q.Sort == "deadline" {
		// Entries without a deadline sort last: fetch those with one first.
		order = bson.D{{Key: "nextDeadline", Value: 1}, {Key: "submittedAt", Value: -1}, {Key: "_id", Value: 1}}
	}
	filter := q.viewFilter(q.View)
	if q.Sort == "deadline" {
		withDeadline := append(append(bson.D{}, filter...), bson.E{Key: "nextDeadline", Value: bson.D{{Key: "$gt", Value: time.Time{}}}})
		n, err := col.CountDocuments(ctx, withDeadline)
		if err != nil {
			return nil, fmt.Errorf("count inbox: %w", err)
		}
		skip := (q.Page - 1) * q.PageSize
		var out []IndexEntry
		if skip < int(n) {
			cur, err := col.Find(ctx, withDeadline, options.Find().SetSort(order).SetSkip(int64(skip)).SetLimit(int64(q.PageSize)))
			if err != nil {
				return nil, fmt.Errorf("list inbox: %w", err)
			}
			if err := cur.All(ctx, &out); err != nil {
				return nil, fmt.Errorf("list inbox: %w", err)
			}
		}
		if len(out) < q.PageSize {
			rest := append(append(bson.D{}, filter...), bson.E{Key: "nextKind", Value: bson.D{{Key: "$exists", Value: false}}})
			cur, err := col.Find(ctx, rest, options.Find().SetSort(bson.D{{Key: "submittedAt", Value: -1}, {Key: "_id", Value: 1}}).
				SetSkip(int64(max(0, skip-int(n)))).SetLimit(int64(q.PageSize-len(out))))
			if err != nil {
				return nil, fmt.Errorf("list inbox: %w", err)
			}
			var more []IndexEntry
			if err := cur.All(ctx, &more); err != nil {
				return nil, fmt.Errorf("list inbox: %w", err)
			}
			out = append(out, more...)
		}
		p.Entries = out
		return p, nil
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(order).SetSkip(int64((q.Page-1)*q.PageSize)).SetLimit(int64(q.PageSize)))
	if err != nil {
		return nil, fmt.Errorf("list inbox: %w", err)
	}
	if err := cur.All(ctx, &p.Entries); err != nil {
		return nil, fmt.Errorf("list inbox: %w", err)
	}
	return p, nil
}
