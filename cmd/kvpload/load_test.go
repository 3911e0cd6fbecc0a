package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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

// now is Monday 23 November 2026, the portal's clock in these tests.
var now = time.Date(2026, 11, 23, 10, 0, 0, 0, casework.Location())

// portal serves the portal on a loopback port for the test.
func portal(t *testing.T) (string, *store.Store) {
	t.Helper()
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(10 * time.Second) })
	return "http://" + ln.Addr().String(), st
}

func TestJourneysAreAcknowledgedAndStoredOnce(t *testing.T) {
	addr, st := portal(t)
	jsonFile := filepath.Join(t.TempDir(), "report.json")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-url", addr, "-citizens", "3", "-journeys", "6", "-duration", "0", "-pdf-kb", "30", "-progress", "0", "-json", jsonFile}, &stdout, &stderr)
	t.Log("\n" + stdout.String())
	if code != 0 {
		t.Fatalf("exit status %d; stderr: %s", code, stderr.String())
	}
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 || len(rep.DistinctErrors) != 0 {
		t.Errorf("errors: %+v", rep.DistinctErrors)
	}
	if rep.JourneysCompleted != 6 || rep.Acknowledged != 6 || rep.StopBy != "journeys" {
		t.Errorf("completed %d, acknowledged %d, stopped by %s; want 6, 6, journeys", rep.JourneysCompleted, rep.Acknowledged, rep.StopBy)
	}
	v := rep.Verification
	if v == nil || v.Acknowledged != 6 || v.Present != 6 || v.Missing != 0 || v.Duplicated != 0 || v.Unchecked != 0 || v.Owners != 6 {
		t.Errorf("verification %+v", v)
	}
	steps := map[string]StepStats{}
	for _, s := range rep.Steps {
		steps[s.Step] = s
	}
	for _, name := range []string{"login", "start", "step:om-deg", "step:samtykke", "upload", "check", "submit", "receipt", "mine-saker", "case"} {
		if s := steps[name]; s.Count < 6 || s.Errors != 0 || s.P50 <= 0 || s.P50 > s.P99 || s.P99 > s.Max {
			t.Errorf("step %s: %+v", name, s)
		}
	}
	if steps["submit"].Count != 6 || steps["upload"].Count != 6 {
		t.Errorf("submits %d, uploads %d, want 6 each", steps["submit"].Count, steps["upload"].Count)
	}
	for _, want := range []string{"verification: acknowledged 6, present 6, missing 0, duplicated 0", "acknowledged submissions: 6", "p99 ms"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// The store agrees: six persons, one case each, with the PDF.
	if len(rep.AcknowledgedRefs) != 6 {
		t.Fatalf("acknowledged refs %v", rep.AcknowledgedRefs)
	}
	for _, a := range rep.AcknowledgedRefs {
		rec, err := st.Person(context.Background(), a.Owner)
		if err != nil || len(rec.CaseRefs) != 1 || rec.CaseRefs[0] != a.Ref {
			t.Errorf("stored for %s: %+v %v, want only %s", a.Owner, rec, err, a.Ref)
			continue
		}
		cs, err := st.Case(context.Background(), a.Ref)
		if err != nil || cs.Owner.NationalID != a.Owner || len(cs.Files) != 1 || cs.Files[0].Name != pdfName || !cs.SubmittedAt.Equal(now) {
			t.Errorf("case %s: %+v %v", a.Ref, cs, err)
		}
	}
}

func TestVerificationFindsMissingAndExtraCases(t *testing.T) {
	addr, st := portal(t)
	base, _ := url.Parse(addr)
	r := &runner{cfg: Config{Citizens: 2, Timeout: 30 * time.Second}, base: base, tr: newTransport(2, 30*time.Second), ids: newIDGenerator(7), pdf: makePDF(20 << 10)}
	r.ctx, r.cancel = context.WithCancelCause(context.Background())
	defer r.cancel(nil)
	var acks []ack
	for range 2 {
		b := newBrowser(base, r.tr, r.cfg.Timeout, newRecorder(), runBudget{r})
		if err := journey(b, r.ids.Next(), r.pdf, func(a ack) { acks = append(acks, a) }); err != nil {
			t.Fatal(err)
		}
	}
	if len(acks) != 2 {
		t.Fatalf("acks %v", acks)
	}
	for _, a := range acks {
		rec, err := st.Person(context.Background(), a.Owner)
		if err != nil || len(rec.CaseRefs) != 1 || rec.CaseRefs[0] != a.Ref {
			t.Fatalf("stored for %s: %+v %v, want only %s", a.Owner, rec, err, a.Ref)
		}
	}
	ctx := context.Background()
	if v := r.verify(ctx, acks); v.Present != 2 || v.Missing != 0 || v.Duplicated != 0 || v.Unchecked != 0 {
		t.Errorf("honest acknowledgements: %+v", v)
	}
	// An acknowledgement that names another person's case: missing for
	// its owner, and that owner's own case is one beyond those acknowledged.
	v := r.verify(ctx, []ack{{Ref: acks[1].Ref, Owner: acks[0].Owner}})
	if v.Present != 0 || v.Missing != 1 || v.Duplicated != 1 {
		t.Errorf("wrong acknowledgement: %+v", v)
	}
	// A reference that was never stored.
	v = r.verify(ctx, []ack{acks[0], {Ref: "ZZZZ-ZZZZ", Owner: acks[0].Owner}})
	if v.Present != 1 || v.Missing != 1 || v.Duplicated != 0 {
		t.Errorf("unknown reference: %+v", v)
	}
	rep := &Report{Verification: v}
	if !rep.Failed(true) {
		t.Error("a missing reference does not fail the run, even with -allow-errors")
	}
}

func TestPagesModeWithPreparation(t *testing.T) {
	addr, _ := portal(t)
	rep, err := Run(context.Background(), context.Background(), Config{
		URL: addr, Mode: "pages", Citizens: 2, Prepare: true, MaxRequests: 30,
		Timeout: 30 * time.Second, PDFSize: 20 << 10, Verify: true, MemPID: os.Getpid(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.Write(&out)
	t.Log("\n" + out.String())
	if p := rep.Preparation; p == nil || p.Ready != 2 || p.Errors != 0 {
		t.Fatalf("preparation %+v", p)
	}
	if rep.Errors != 0 || rep.Requests != 30 || rep.StopBy != "requests" || rep.Acknowledged != 2 {
		t.Errorf("errors %d, requests %d, stopped by %s, acknowledged %d", rep.Errors, rep.Requests, rep.StopBy, rep.Acknowledged)
	}
	var names []string
	for _, s := range rep.Steps {
		names = append(names, s.Step)
	}
	if strings.Join(names, ",") != "mine-saker,case" {
		t.Errorf("steps measured %v, want only mine-saker and case", names)
	}
	if v := rep.Verification; v == nil || v.Present != 2 || v.Missing+v.Duplicated+v.Unchecked != 0 {
		t.Errorf("verification %+v", v)
	}
	if m := rep.Memory; m == nil || m.Unreadable != "" || m.PeakRSSMB <= 0 || m.HWMMB < m.PeakRSSMB {
		t.Errorf("memory %+v", m)
	}
	if rep.Failed(false) {
		t.Error("a clean run is reported as failed")
	}
}
