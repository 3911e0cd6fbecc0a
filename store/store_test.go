package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.Shutdown()
	os.Exit(code)
}

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestSweepDeletesOldDraftsWithTheirFiles(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	now := testkit.Now()

	// A draft last saved 15 days ago and one saved now, each with a file.
	for _, p := range []struct {
		nid     string
		updated time.Time
	}{{"old", now.Add(-15 * 24 * time.Hour)}, {"fresh", now}} {
		d := &casework.Draft{ID: "draft-" + p.nid, Done: []casework.Step{}, Files: []casework.FileRef{}, CreatedAt: p.updated, UpdatedAt: p.updated}
		if _, err := st.StartDraft(ctx, p.nid, d); err != nil {
			t.Fatal(err)
		}
		id, err := st.PutFile(ctx, "a.pdf", store.FileMeta{Owner: p.nid, DraftID: d.ID, Kind: "application/pdf", UploadedAt: p.updated}, []byte("%PDF-1.4"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddDraftFile(ctx, p.nid, d.ID, casework.FileRef{FileID: id, Size: 8}, 30, 150<<20, p.updated); err != nil {
			t.Fatal(err)
		}
	}
	// An orphan: stored but never attached.
	orphan, err := st.PutFile(ctx, "b.pdf", store.FileMeta{Owner: "nobody", DraftID: "none", UploadedAt: now}, []byte("%PDF-1.4"))
	if err != nil {
		t.Fatal(err)
	}
	old, _ := st.Person(ctx, "old")
	oldFile := old.Draft.Files[0].FileID

	res, err := st.Sweep(ctx, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	// The old draft and its file go; the orphan is inside its grace period.
	if res.Drafts != 1 || res.Files != 0 {
		t.Errorf("first sweep: %+v", res)
	}
	old, _ = st.Person(ctx, "old")
	fresh, _ := st.Person(ctx, "fresh")
	if old.Draft != nil || fresh.Draft == nil {
		t.Fatalf("old draft kept or fresh draft deleted: %+v %+v", old.Draft, fresh.Draft)
	}
	if _, _, err := st.OpenFile(ctx, oldFile); err != store.ErrNotFound {
		t.Errorf("old draft's file kept: %v", err)
	}
	if _, _, err := st.OpenFile(ctx, fresh.Draft.Files[0].FileID); err != nil {
		t.Errorf("fresh draft's file deleted: %v", err)
	}
	if _, _, err := st.OpenFile(ctx, orphan); err != nil {
		t.Errorf("orphan deleted inside its grace period: %v", err)
	}

	// Two hours later the orphan goes, the fresh draft's file stays.
	res, err = st.Sweep(ctx, now.Add(2*time.Hour))
	if err != nil || res != (store.SweepResult{Files: 1}) {
		t.Errorf("second sweep: %+v %v", res, err)
	}
	if _, _, err := st.OpenFile(ctx, orphan); err != store.ErrNotFound {
		t.Errorf("orphan kept: %v", err)
	}
	if _, _, err := st.OpenFile(ctx, fresh.Draft.Files[0].FileID); err != nil {
		t.Errorf("attached file swept: %v", err)
	}
	// Running again changes nothing.
	res, err = st.Sweep(ctx, now.Add(2*time.Hour))
	if err != nil || res != (store.SweepResult{}) {
		t.Errorf("third sweep is not idempotent: %+v %v", res, err)
	}
}

func TestSweepKeepsADraftSavedMeanwhile(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	d := &casework.Draft{ID: "d", Done: []casework.Step{}, Files: []casework.FileRef{}, CreatedAt: t0, UpdatedAt: t0}
	if _, err := st.StartDraft(ctx, "p", d); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(15 * 24 * time.Hour)
	if err := st.SaveDraftAnswer(ctx, "p", "d", casework.Goals{Goal: "x"}, at); err != nil {
		t.Fatal(err)
	}
	if res, err := st.Sweep(ctx, at); err != nil || res.Drafts != 0 {
		t.Errorf("a draft saved just now was swept: %+v %v", res, err)
	}
}

func TestLeaseIsHeldByOneAtATime(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	ok, err := st.AcquireLease(ctx, "job", "a", t0, time.Minute)
	if err != nil || !ok {
		t.Fatalf("a: %v %v", ok, err)
	}
	if ok, _ := st.AcquireLease(ctx, "job", "b", t0.Add(30*time.Second), time.Minute); ok {
		t.Error("b got a lease held by a")
	}
	if ok, _ := st.AcquireLease(ctx, "job", "a", t0.Add(30*time.Second), time.Minute); !ok {
		t.Error("a could not renew its own lease")
	}
	if ok, _ := st.AcquireLease(ctx, "job", "b", t0.Add(2*time.Minute), time.Minute); !ok {
		t.Error("b could not take an expired lease")
	}
}

func TestSubmitCaseIsIdempotentPerDraft(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	d := &casework.Draft{ID: "d1", Done: []casework.Step{}, Files: []casework.FileRef{}}
	if _, err := st.StartDraft(ctx, "p", d); err != nil {
		t.Fatal(err)
	}
	office := casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}
	first, created, err := st.SubmitCase(ctx, casework.NewCase("AAAA-2222", d, casework.Person{NationalID: "p"}, office, t0, cal))
	if err != nil || !created {
		t.Fatalf("first: %v %v", created, err)
	}
	second, created, err := st.SubmitCase(ctx, casework.NewCase("BBBB-3333", d, casework.Person{NationalID: "p"}, office, t0, cal))
	if err != nil || created || second.ID != first.ID {
		t.Fatalf("second submit of one draft: %v %v %v", second, created, err)
	}
	rec, _ := st.Person(ctx, "p")
	if len(rec.CaseRefs) != 1 || rec.Draft != nil {
		t.Errorf("person after two submits: %+v", rec)
	}
	if _, err := st.Case(ctx, "BBBB-3333"); err != store.ErrNotFound {
		t.Errorf("second case stored: %v", err)
	}
}

func TestConcurrentSubmitsOfOneDraftAllSucceed(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	office := casework.Office{Municipality: "3401", Name: "NAV Kongsvinger"}
	// Many rounds, because the race between the upserts of the index
	// entry is narrow.
	for round := range 20 {
		nid := fmt.Sprintf("p%d", round)
		d := &casework.Draft{ID: "d" + nid, Done: []casework.Step{}, Files: []casework.FileRef{}}
		if _, err := st.StartDraft(ctx, nid, d); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		ids := make([]string, 4)
		errs := make([]error, 4)
		for i := range ids {
			wg.Go(func() {
				c, _, err := st.SubmitCase(ctx, casework.NewCase(fmt.Sprintf("R%02d-%d", round, i), d, casework.Person{NationalID: nid}, office, t0, cal))
				errs[i] = err
				if c != nil {
					ids[i] = c.ID
				}
			})
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("round %d: concurrent submits of one draft: ids %v errors %v", round, ids, errs)
			}
		}
	}
}

func TestSweepKeepsAnAppealBeingWritten(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	now := testkit.Now()
	c := casework.NewCase("R1", &casework.Draft{ID: "d1"}, casework.Person{NationalID: "p"}, casework.Office{Municipality: "3401"}, now, casework.NorwegianCalendar())
	if _, _, err := st.SubmitCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	meta := store.FileMeta{Owner: "p", DraftID: "d1", UploadedAt: now}
	doc, _ := st.PutFile(ctx, "a.pdf", meta, []byte("%PDF-1.4"))
	poa, _ := st.PutFile(ctx, "f.pdf", meta, []byte("%PDF-1.4"))
	stray, _ := st.PutFile(ctx, "x.pdf", meta, []byte("%PDF-1.4"))
	c.AppealDraft = &casework.AppealDraft{ID: "a", Files: []casework.FileRef{{FileID: doc}}, PowerOfAttorney: &casework.FileRef{FileID: poa}}
	if err := st.UpdateCase(ctx, c, c.Version); err != nil {
		t.Fatal(err)
	}
	res, err := st.Sweep(ctx, now.Add(2*time.Hour))
	if err != nil || res.Files != 1 {
		t.Errorf("sweep: %+v %v", res, err)
	}
	for _, id := range []string{doc, poa} {
		if _, _, err := st.OpenFile(ctx, id); err != nil {
			t.Errorf("an appeal draft's file was swept: %v", err)
		}
	}
	if _, _, err := st.OpenFile(ctx, stray); err != store.ErrNotFound {
		t.Errorf("an unattached file was kept: %v", err)
	}
}

// Each step's typed answer lands in its own place in the draft, and marks
// its step done.
func TestEveryStepAnswerIsSavedWhereItBelongs(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	d := &casework.Draft{ID: "d", Done: []casework.Step{}, Files: []casework.FileRef{}, CreatedAt: t0, UpdatedAt: t0}
	if _, err := st.StartDraft(ctx, "p", d); err != nil {
		t.Fatal(err)
	}
	want := casework.Answers{
		Contact:   casework.Contact{Phone: "912 34 567"},
		Residence: casework.Residence{Municipality: "3401"},
		Situation: casework.Situation{IncomeSources: []string{"arbeid"}},
		Goals:     casework.Goals{Goal: "jobb"},
		Children:  casework.Children{HasChildren: true},
		Housing:   casework.Housing{Situation: "leier"},
		Consent:   casework.Consent{Declaration: true},
	}
	for _, a := range []casework.StepAnswer{want.Contact, want.Residence, want.Situation, want.Goals, want.Children, want.Housing, want.Consent} {
		if err := st.SaveDraftAnswer(ctx, "p", "d", a, t0); err != nil {
			t.Fatalf("%T: %v", a, err)
		}
	}
	if err := st.MarkDraftStepDone(ctx, "p", "d", casework.StepAttachments, t0); err != nil {
		t.Fatal(err)
	}
	rec, err := st.Person(ctx, "p")
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Draft.Answers; got.Contact.Phone != "912 34 567" || got.Residence.Municipality != "3401" || len(got.Situation.IncomeSources) != 1 ||
		got.Goals.Goal != "jobb" || !got.Children.HasChildren || got.Housing.Situation != "leier" || !got.Consent.Declaration {
		t.Errorf("answers saved: %+v", got)
	}
	if len(rec.Draft.Done) != 8 {
		t.Errorf("steps done: %v, want all 8", rec.Draft.Done)
	}
	if err := st.SaveDraftAnswer(ctx, "p", "another", want.Goals, t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("saving into a draft that is gone: %v, want ErrNotFound", err)
	}
}
