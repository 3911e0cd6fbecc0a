// Package demo makes made-up but realistic cases, for trying the portal in
// development (`kvp demo seed --cases N`) and for measuring it at volume.
// Every case is built with the casework domain's own methods, so each is
// a state the portal can reach: received, assigned, a conversation booked,
// documentation requested, an interim reply sent, interim replies due soon
// or overdue, decisions (grants with the benefit computed from the rate
// tables, rejections), withdrawals, appeals at every stage, and requests
// for a conversation. Each case belongs to its own synthetic person, whose
// «Mine saker» lists it.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"kvp/casework"
	"kvp/identity"
	"kvp/store"
)

// batchSize is how many cases go to the database at a time.
const batchSize = 1000

// maxSamples is how many example cases the summary keeps.
const maxSamples = 64

// Summary counts what Seed made.
type Summary struct {
	Cases int
	// ByStatus counts the cases by status (applications: received,
	// assessing, decided, withdrawn; conversation requests: requested,
	// booked, held, closed).
	ByStatus map[casework.Status]int
	// ByState counts the cases by the situation they were made in, such
	// as "documentation-requested" or "appeal-forwarded" (see States).
	ByState map[string]int
	// Appeals counts appeals by their status.
	Appeals map[casework.AppealStatus]int
	// Deadlines counts the cases whose interim reply is due soon or
	// overdue ("soon", "overdue"), as the deadline job marks them.
	Deadlines map[string]int
	// Granted counts grants (with a benefit computed from the rate tables).
	Granted int
	// ByOffice counts the cases by office (municipality number).
	ByOffice map[string]int
	// Letters is the number of Statsforvalteren's letters stored as files.
	Letters int
	// Samples are up to 64 of the cases, picked at random: a person to log
	// in as to see them.
	Samples []Sample
}

// Sample is one made case.
type Sample struct {
	Ref        string
	NationalID string
	Name       string
	State      string
	Status     casework.Status
	Office     string
}

func newSummary() Summary {
	return Summary{
		ByStatus: map[casework.Status]int{}, ByState: map[string]int{}, Appeals: map[casework.AppealStatus]int{},
		Deadlines: map[string]int{}, ByOffice: map[string]int{},
	}
}

// String writes the summary as a few lines of text.
func (s Summary) String() string {
	var b strings.Builder
	line := func(label string, m map[string]int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		fmt.Fprintf(&b, "%-10s %s\n", label+":", strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "%-10s %d\n", "cases:", s.Cases)
	status := map[string]int{}
	for k, v := range s.ByStatus {
		status[string(k)] = v
	}
	line("status", status)
	line("states", s.ByState)
	appeals := map[string]int{}
	for k, v := range s.Appeals {
		appeals[string(k)] = v
	}
	line("appeals", appeals)
	line("deadlines", s.Deadlines)
	fmt.Fprintf(&b, "%-10s %d (benefit computed from the rate tables)\n", "granted:", s.Granted)
	line("offices", s.ByOffice)
	fmt.Fprintf(&b, "%-10s %d\n", "letters:", s.Letters)
	return b.String()
}

// States are the situations Seed makes cases in, each with its share of
// the cases in percent (roughly; the first cases of every seed take one of
// each, so that a seed of at least len(States) cases has them all).
var States = []struct {
	Name  string
	Share int
}{
	{"received", 10},
	{"assigned", 11},
	{"meeting-booked", 6},
	{"documentation-requested", 7},
	{"interim-reply-sent", 7},
	{"interim-due-soon", 5},
	{"interim-overdue", 4},
	{"granted", 14},
	{"rejected", 8},
	{"withdrawn", 5},
	{"appeal-sent", 2},
	{"appeal-reassessing", 2},
	{"appeal-summarised", 1},
	{"appeal-forwarded", 2},
	{"appeal-decided", 2},
	{"appeal-reversed", 1},
	{"conversation-requested", 5},
	{"conversation-booked", 4},
	{"conversation-held", 2},
	{"conversation-closed", 2},
}

// Seed makes n cases as of now, in batches of 1000, and stores them with
// their index entries and their owners' records. The office directory and
// the rate tables must be loaded (the portal loads them at start). rng
// drives every choice, so a seed of the same rng on an empty database
// makes the same cases; the people differ from those of any earlier seed
// of the database.
func Seed(ctx context.Context, st *store.Store, n int, now time.Time, rng *rand.Rand) (Summary, error) {
	sum := newSummary()
	if n < 0 {
		return sum, fmt.Errorf("demo: %d cases", n)
	}
	if n == 0 {
		return sum, nil
	}
	g, err := newGenerator(ctx, st, now, rng)
	if err != nil {
		return sum, err
	}
	totalShare := 0
	for _, s := range States {
		totalShare += s.Share
	}
	batch := make([]*casework.Case, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.InsertSeedCases(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		return ctx.Err()
	}
	for i := 0; i < n; i++ {
		state := ""
		if i < len(States) {
			state = States[i].Name
		} else {
			r := rng.IntN(totalShare)
			for _, s := range States {
				if r < s.Share {
					state = s.Name
					break
				}
				r -= s.Share
			}
		}
		c, letters, err := g.makeCase(state)
		if err != nil {
			return sum, fmt.Errorf("demo: case %d (%s): %w", i, state, err)
		}
		batch = append(batch, c)
		sum.count(c, state, rng, i)
		sum.Letters += letters
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	return sum, flush()
}

func (s *Summary) count(c *casework.Case, state string, rng *rand.Rand, i int) {
	s.Cases++
	s.ByStatus[c.Status]++
	s.ByState[state]++
	s.ByOffice[c.Office.Municipality]++
	for _, a := range c.Appeals {
		s.Appeals[a.Status]++
	}
	if c.DeadlineState != "" {
		s.Deadlines[c.DeadlineState]++
	}
	if d := c.CurrentDecision(); d != nil && d.Granted() && d.Benefit != nil {
		s.Granted++
	}
	sample := Sample{Ref: c.ID, NationalID: c.Owner.NationalID, Name: c.Owner.Name, State: state, Status: c.Status, Office: c.Office.Municipality}
	switch {
	case len(s.Samples) < maxSamples:
		s.Samples = append(s.Samples, sample)
	default:
		if j := rng.IntN(i + 1); j < maxSamples {
			s.Samples[j] = sample
		}
	}
}

// generator holds what every case is made from.
type generator struct {
	ctx     context.Context
	st      *store.Store
	now     time.Time
	rng     *rand.Rand
	cal     *casework.Calendar
	tables  casework.RateTables
	ids     *idSource
	digital []weighted // offices taking digital applications
	all     []weighted // every office (conversation requests)
	staff   map[string][]casework.Staff
}

type weighted struct {
	office casework.Office
	weight int
}

func newGenerator(ctx context.Context, st *store.Store, now time.Time, rng *rand.Rand) (*generator, error) {
	offices, err := st.Offices(ctx)
	if err != nil {
		return nil, err
	}
	tables, err := st.RateTables(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := newIDSource(ctx, st)
	if err != nil {
		return nil, err
	}
	g := &generator{ctx: ctx, st: st, now: now.In(casework.Location()), rng: rng, cal: casework.NorwegianCalendar(), tables: tables, ids: ids, staff: map[string][]casework.Staff{}}
	for _, o := range offices {
		// Real offices get three times the cases of a demo office.
		w := weighted{office: o, weight: 3}
		if o.Demo {
			w.weight = 1
		}
		g.all = append(g.all, w)
		if o.DigitalApply {
			g.digital = append(g.digital, w)
		}
		accounts, err := st.StaffAtOffice(ctx, o.Municipality)
		if err != nil {
			return nil, err
		}
		var people []casework.Staff
		for _, a := range accounts {
			if !a.Disabled {
				people = append(people, casework.Staff{Email: a.Email, Name: a.Name})
			}
		}
		// Made-up colleagues, so that the cases are spread over an office.
		for j := 0; j < 3; j++ {
			first, last := pick(rng, firstNames), pick(rng, lastNames)
			people = append(people, casework.Staff{Email: emailOf(first, last, "nav.test"), Name: first + " " + last})
		}
		g.staff[o.Municipality] = people
	}
	if len(g.digital) == 0 {
		return nil, errors.New("demo: no office in the directory takes digital applications (start the portal once so that the directory is loaded)")
	}
	return g, nil
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// between returns a whole number from a to b, both included.
func (g *generator) between(a, b int) int { return a + g.rng.IntN(b-a+1) }

func (g *generator) chance(percent int) bool { return g.rng.IntN(100) < percent }

func chooseOffice(rng *rand.Rand, list []weighted) casework.Office {
	total := 0
	for _, w := range list {
		total += w.weight
	}
	r := rng.IntN(total)
	for _, w := range list {
		if r < w.weight {
			return w.office
		}
		r -= w.weight
	}
	return list[0].office
}

// emailOf makes an address from a name, in plain ASCII.
func emailOf(first, last, domain string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a", " ", "")
	return strings.ToLower(r.Replace(first) + "." + r.Replace(last) + "@" + domain)
}

// builder makes one case along a timeline that never passes now.
type builder struct {
	g      *generator
	c      *casework.Case
	nid    identity.NationalID
	k      int64 // the person's pair number (see idSource)
	office casework.Office
	worker casework.Staff
	last   time.Time
}

// submittedAgo is a time on the day between minDays and maxDays before
// now, at any hour a person might send something.
func (g *generator) submittedAgo(minDays, maxDays int) time.Time {
	day := casework.OsloDate(g.now).AddDate(0, 0, -g.between(minDays, maxDays))
	t := day.Add(7*time.Hour + time.Duration(g.rng.IntN(16*60))*time.Minute)
	if !t.Before(g.now) {
		t = g.now.Add(-time.Duration(1+g.rng.IntN(120)) * time.Minute)
	}
	return t
}

// next is a time in office hours on a working day between minDays and
// maxDays after the last event, always after it and before now.
func (b *builder) next(minDays, maxDays int) time.Time {
	g := b.g
	day := g.cal.NextWorkingDay(casework.OsloDate(b.last).AddDate(0, 0, g.between(minDays, maxDays)))
	t := day.Add(8*time.Hour + time.Duration(g.rng.IntN(7*60))*time.Minute)
	if !t.After(b.last) {
		t = b.last.Add(time.Duration(10+g.rng.IntN(110)) * time.Minute)
	}
	if !t.Before(g.now) {
		t = b.last.Add(g.now.Sub(b.last) / 2)
	}
	b.last = t
	return t
}

// ahead is a time in office hours on a working day between minDays and
// maxDays after today (on the half hour, 09:00 to 14:00).
func (g *generator) ahead(minDays, maxDays int) time.Time {
	day := g.cal.NextWorkingDay(casework.OsloDate(g.now).AddDate(0, 0, g.between(minDays, maxDays)))
	return day.Add(9*time.Hour + time.Duration(30*g.rng.IntN(11))*time.Minute)
}

// dateAfter is the working day between minDays and maxDays after t.
func (g *generator) dateAfter(t time.Time, minDays, maxDays int) time.Time {
	return g.cal.NextWorkingDay(casework.OsloDate(t).AddDate(0, 0, g.between(minDays, maxDays)))
}

// person makes the case's owner: a new synthetic person with a name.
func (g *generator) person() (casework.Person, identity.NationalID, int64, error) {
	nid, k, err := g.ids.next()
	if err != nil {
		return casework.Person{}, "", 0, err
	}
	return casework.Person{NationalID: string(nid), Name: pick(g.rng, firstNames) + " " + pick(g.rng, lastNames)}, nid, k, nil
}

// answers makes an application's answers for a person living in office's
// municipality.
func (g *generator) answers(p casework.Person, office casework.Office) casework.Answers {
	first, last, _ := strings.Cut(p.Name, " ")
	phone := fmt.Sprintf("%d%02d %02d %03d", []int{4, 9}[g.rng.IntN(2)], g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(1000))
	a := casework.Answers{
		Contact: casework.Contact{
			Phone: phone, Email: emailOf(first, last, "example.no"),
			Street:     fmt.Sprintf("%s %d", pick(g.rng, streets), g.between(1, 80)),
			PostalCode: office.Visiting.PostalCode, PostalTown: office.Visiting.Town,
		},
		Residence: casework.Residence{Municipality: office.Municipality},
		Situation: casework.Situation{
			WorkExperience: pick(g.rng, workExperience),
			Education:      pick(g.rng, casework.EducationLevels),
			TriedBefore:    pick(g.rng, triedBefore),
		},
		Goals:   casework.Goals{Goal: pick(g.rng, goals), Support: pick(g.rng, supports)},
		Consent: casework.Consent{ObtainInformation: true, Declaration: true},
	}
	switch r := g.rng.IntN(100); {
	case r < 70:
		a.Situation.IncomeSources = []string{"sosialhjelp"}
	case r < 80:
		a.Situation.IncomeSources = []string{"sosialhjelp", "bostotte"}
	case r < 88:
		a.Situation.IncomeSources = []string{"arbeid", "sosialhjelp"}
	case r < 94:
		a.Situation.IncomeSources = []string{"sosialhjelp", "annet"}
		a.Situation.IncomeOther = pick(g.rng, incomeOther)
	default:
		a.Situation.IncomeSources = []string{"ingen"}
	}
	if g.chance(35) {
		a.Children.HasChildren = true
		for range g.between(1, 3) {
			a.Children.Ages = append(a.Children.Ages, g.rng.IntN(18))
		}
		sort.Ints(a.Children.Ages)
	}
	switch r := g.rng.IntN(100); {
	case r < 60:
		a.Housing = casework.Housing{Situation: "leier", MonthlyCost: 100 * g.between(50, 160)}
	case r < 70:
		a.Housing = casework.Housing{Situation: "eier", MonthlyCost: 100 * g.between(30, 140)}
	case r < 88:
		a.Housing = casework.Housing{Situation: "bor-hos-andre"}
	case r < 95:
		a.Housing = casework.Housing{Situation: "uten-fast-bolig"}
	default:
		a.Housing = casework.Housing{Situation: "annet", MonthlyCost: 100 * g.between(0, 60)}
	}
	return a
}

// application starts a case: an application sent between minDays and
// maxDays ago.
func (g *generator) application(minDays, maxDays int) (*builder, error) {
	p, nid, k, err := g.person()
	if err != nil {
		return nil, err
	}
	office := chooseOffice(g.rng, g.digital)
	ref := reference(k)
	at := g.submittedAgo(minDays, maxDays)
	c := casework.NewCase(ref, &casework.Draft{ID: "demo-" + ref, Answers: g.answers(p, office), CreatedAt: at.Add(-time.Duration(g.between(10, 60*24*3)) * time.Minute), UpdatedAt: at}, p, office, at, g.cal)
	return &builder{g: g, c: c, nid: nid, k: k, office: office, worker: pick(g.rng, g.staff[office.Municipality]), last: at}, nil
}

// conversation starts a request for a conversation from a logged-in
// person, sent between minDays and maxDays ago.
func (g *generator) conversation(minDays, maxDays int) (*builder, error) {
	p, nid, k, err := g.person()
	if err != nil {
		return nil, err
	}
	office := chooseOffice(g.rng, g.all)
	ref := reference(k)
	at := g.submittedAgo(minDays, maxDays)
	first, last, _ := strings.Cut(p.Name, " ")
	r := casework.ConversationRequest{Name: p.Name, LoggedIn: true, Message: pick(g.rng, conversationMessages)}
	if g.chance(80) {
		r.Phone = fmt.Sprintf("9%02d %02d %03d", g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(1000))
	}
	if r.Phone == "" || g.chance(50) {
		r.Email = emailOf(first, last, "example.no")
	}
	for _, t := range casework.PreferredTimes {
		if g.chance(50) {
			r.PreferredTimes = append(r.PreferredTimes, t)
		}
	}
	if len(r.PreferredTimes) == 0 {
		r.PreferredTimes = []string{pick(g.rng, casework.PreferredTimes)}
	}
	for _, m := range casework.MeetingModes {
		if g.chance(45) {
			r.Modes = append(r.Modes, m)
		}
	}
	if len(r.Modes) == 0 {
		r.Modes = []string{pick(g.rng, casework.MeetingModes)}
	}
	c := casework.NewConversationCase(ref, r, p, office, at)
	return &builder{g: g, c: c, nid: nid, k: k, office: office, worker: pick(g.rng, g.staff[office.Municipality]), last: at}, nil
}

// meeting is a meeting at `at` in one of the office's ways.
func (b *builder) meeting(at time.Time) casework.Meeting {
	m := casework.Meeting{At: at, Mode: pick(b.g.rng, casework.MeetingModes)}
	switch m.Mode {
	case "office":
		m.Place = strings.TrimSpace(strings.Join([]string{b.office.Visiting.Line2, b.office.Visiting.Line1, b.office.Visiting.Town}, ", "))
		m.Place = strings.TrimPrefix(m.Place, ", ")
	case "phone":
		m.Place = "Vi ringer deg på nummeret du har oppgitt."
	default:
		m.Place = "Lenke til videomøtet kommer på SMS samme dag."
	}
	if b.g.chance(40) {
		m.Message = "Ta gjerne med deg legitimasjon og det du har av papirer om økonomien din."
	}
	return m
}

func (b *builder) assign(minDays, maxDays int) error {
	return b.c.Assign(b.worker, b.worker, b.next(minDays, maxDays))
}

func (b *builder) interim(minDays, maxDays int) error {
	at := b.next(minDays, maxDays)
	expected := b.g.dateAfter(at, 14, 45)
	return b.c.SendInterimReply(casework.Interim{Reason: pick(b.g.rng, interimReasons), ExpectedBy: expected}, b.worker, at)
}

// decide makes a decision at `at`; a grant starts within weeks (never
// later than the rule allows) and lasts six months to two years, with the
// benefit computed from the rate tables for the person's age then. The
// notice about it reaches the person at once.
func (b *builder) decide(outcome casework.Outcome, at time.Time) casework.Decision {
	g := b.g
	d := casework.Decision{Outcome: outcome, Rules: decisionRules}
	if outcome == casework.OutcomeGranted || outcome == casework.OutcomePartly {
		d.Facts, d.Considerations = pick(g.rng, grantFacts), pick(g.rng, grantConsiderations)
		start := g.dateAfter(at, 7, 28)
		if latest, err := b.c.LatestStart(g.cal, g.tables, at); err == nil && start.After(latest) {
			start = latest
		}
		if sub := casework.OsloDate(b.c.SubmittedAt); start.Before(sub) {
			start = sub
		}
		d.Start = start
		d.End = g.cal.AddMonths(start, pick(g.rng, []int{6, 9, 12, 12, 12, 18, 24})).AddDate(0, 0, -1)
	} else {
		d.Facts, d.Considerations = pick(g.rng, rejectFacts), pick(g.rng, rejectConsiderations)
	}
	return d
}

func (b *builder) decideNow(outcome casework.Outcome, at time.Time) error {
	g := b.g
	if err := b.c.Decide(b.decide(outcome, at), g.tables, b.nid.Age, b.office.Under25OwnHome, g.cal, b.worker, at); err != nil {
		return err
	}
	b.reached(at)
	return nil
}

// reached sends the notice about the decision made at `at`: it reaches
// the person a moment later, and the appeal deadline starts.
func (b *builder) reached(at time.Time) {
	sent := at.Add(2 * time.Minute)
	if sent.After(b.g.now) {
		sent = b.g.now
	}
	b.c.DecisionReached(b.g.cal, at, sent)
}

// opened lets the person open the decision: always when it is more than a
// week old (so no second notice is owed for demo cases), often otherwise.
func (b *builder) opened() {
	g := b.g
	d := b.c.LatestDecision()
	if d == nil {
		return
	}
	if g.now.Sub(d.MadeAvailableAt) < 7*24*time.Hour && g.chance(50) {
		return
	}
	at := d.MadeAvailableAt.Add(time.Duration(g.between(20, 60*24*4)) * time.Minute)
	if !at.Before(g.now) {
		at = d.MadeAvailableAt.Add(g.now.Sub(d.MadeAvailableAt) / 2)
	}
	if at.After(b.last) {
		b.last = at
	}
	b.c.OpenDecision(g.cal, at)
}

// decided makes an application decided decidedAgo days ago (roughly), as
// the office would get there: assigned, perhaps a meeting, an interim
// reply if it took over three weeks.
func (g *generator) decided(outcome casework.Outcome, minAgo, maxAgo int) (*builder, error) {
	ago := g.between(minAgo, maxAgo)
	took := g.between(10, 60)
	b, err := g.application(ago+took, ago+took)
	if err != nil {
		return nil, err
	}
	if err := b.assign(0, 3); err != nil {
		return nil, err
	}
	if g.chance(40) {
		booked := b.next(1, 4)
		at := g.cal.NextWorkingDay(casework.OsloDate(booked).AddDate(0, 0, g.between(3, 8))).Add(time.Duration(9+g.rng.IntN(5)) * time.Hour)
		if at.Before(g.now) {
			if err := b.c.BookMeeting(b.meeting(at), b.worker, booked); err != nil {
				return nil, err
			}
			b.last = at.Add(time.Hour)
		}
	}
	if took > 21 {
		if err := b.interim(14, 20); err != nil {
			return nil, err
		}
	}
	at := casework.OsloDate(g.now).AddDate(0, 0, -ago)
	at = g.cal.NextWorkingDay(at).Add(8*time.Hour + time.Duration(g.rng.IntN(7*60))*time.Minute)
	if !at.After(b.last) || !at.Before(g.now) {
		at = b.next(0, 1)
	}
	b.last = at
	if err := b.decideNow(outcome, at); err != nil {
		return nil, err
	}
	return b, nil
}

// appealed makes a decided case and an appeal filed in time against it.
func (g *generator) appealed(decidedMin, decidedMax, filedMin, filedMax int) (*builder, string, error) {
	outcome := casework.OutcomeRejected
	if g.chance(25) {
		outcome = casework.OutcomePartly
	}
	b, err := g.decided(outcome, decidedMin, decidedMax)
	if err != nil {
		return nil, "", err
	}
	b.opened()
	at := b.next(filedMin, filedMax)
	// An appeal's id is a reference like a case's; pairs beyond the
	// people's keep the two apart.
	id := reference(b.k + idSpace)
	a := casework.Appeal{ID: id, Change: pick(g.rng, appealChanges), Reasons: pick(g.rng, appealReasons)}
	if d := b.c.LatestDecision(); d != nil && d.Window(at) == casework.WindowLate {
		a.LateReason = "Jeg var innlagt på sykehus da fristen gikk ut."
	}
	if err := b.c.FileAppeal(a, g.cal, at); err != nil {
		return nil, "", err
	}
	return b, id, nil
}

// summarised takes an appeal to the office's summary for Statsforvalteren
// (the office upholds its decision), with an interim reply on the way.
func (b *builder) summarised(id string) (time.Time, error) {
	g := b.g
	if err := b.c.StartReassessment(id, b.worker, b.next(1, 3)); err != nil {
		return time.Time{}, err
	}
	if g.chance(70) {
		at := b.next(3, 10)
		if err := b.c.SendAppealInterim(id, casework.Interim{Reason: "Vi vurderer klagen din på nytt og trenger litt mer tid.", ExpectedBy: g.dateAfter(at, 21, 42)}, b.worker, at); err != nil {
			return time.Time{}, err
		}
	}
	at := b.next(2, 8)
	deadline := g.dateAfter(at, 14, 21)
	s := casework.AppealSummary{
		Facts:      "Søknaden ble avslått fordi vilkårene i § 29 ikke var oppfylt.",
		Assessment: "Kontoret har vurdert klagen og de nye opplysningene, men finner ikke grunn til å endre vedtaket.",
		Arguments:  "Klageren mener hun har prøvd andre tiltak uten resultat.", CommentDeadline: deadline,
	}
	if err := b.c.UpholdDecision(id, s, b.worker, at); err != nil {
		return time.Time{}, err
	}
	if g.chance(40) {
		at := b.next(1, 6)
		if !casework.OsloDate(at).After(deadline) {
			if err := b.c.CommentOnSummary(id, pick(g.rng, appealComments), at); err != nil {
				return time.Time{}, err
			}
		}
	}
	return deadline, nil
}

// forwarded sends an appeal to Statsforvalteren after the comment deadline.
func (b *builder) forwarded(id string, deadline time.Time) error {
	at := b.g.dateAfter(deadline, 1, 5).Add(time.Duration(9+b.g.rng.IntN(5)) * time.Hour)
	if !at.After(b.last) || !at.Before(b.g.now) {
		return fmt.Errorf("no room to forward the appeal before now (deadline %s)", deadline.Format(time.DateOnly))
	}
	b.last = at
	return b.c.ForwardAppeal(id, b.worker, at)
}

// makeCase makes one case in the given state. It reports how many files
// it stored (Statsforvalteren's letters).
func (g *generator) makeCase(state string) (*casework.Case, int, error) {
	var b *builder
	var err error
	letters := 0
	switch state {
	case "received":
		b, err = g.application(0, 12)
	case "assigned":
		if b, err = g.application(1, 18); err == nil {
			err = b.assign(0, 2)
		}
	case "meeting-booked":
		if b, err = g.application(2, 16); err == nil {
			if err = b.assign(0, 2); err == nil {
				err = b.c.BookMeeting(b.meeting(g.ahead(2, 20)), b.worker, b.next(0, 3))
			}
		}
	case "documentation-requested":
		if b, err = g.application(3, 18); err == nil {
			if err = b.assign(0, 2); err == nil {
				d := pick(g.rng, docRequests)
				err = b.c.RequestDocuments(casework.DocRequest{Documents: d.documents, Reason: d.reason, Deadline: g.dateAfter(g.now, 7, 21)}, b.worker, b.next(1, 5))
			}
		}
	case "interim-reply-sent":
		if b, err = g.application(22, 70); err == nil {
			if err = b.assign(0, 3); err == nil {
				at := b.next(14, 20)
				err = b.c.SendInterimReply(casework.Interim{Reason: pick(g.rng, interimReasons), ExpectedBy: g.dateAfter(g.now, 7, 45)}, b.worker, at)
			}
		}
	case "interim-due-soon":
		b, err = g.dueSoon()
	case "interim-overdue":
		if b, err = g.application(36, 70); err == nil && g.chance(70) {
			err = b.assign(0, 3)
		}
	case "granted", "rejected":
		outcome := casework.OutcomeGranted
		switch {
		case state == "rejected" && g.chance(90):
			outcome = casework.OutcomeRejected
		case state == "rejected":
			outcome = casework.OutcomeDismissed
		case g.chance(10):
			outcome = casework.OutcomePartly
		}
		if b, err = g.decided(outcome, 0, 200); err == nil {
			b.opened()
		}
	case "withdrawn":
		if b, err = g.application(2, 60); err == nil {
			if g.chance(50) {
				err = b.assign(0, 2)
			}
			if err == nil {
				err = b.c.Withdraw(b.next(1, 10))
			}
		}
	case "appeal-sent":
		b, _, err = g.appealed(8, 20, 3, 6)
	case "appeal-reassessing":
		var id string
		if b, id, err = g.appealed(12, 24, 3, 8); err == nil {
			err = b.c.StartReassessment(id, b.worker, b.next(1, 3))
		}
	case "appeal-summarised":
		var id string
		if b, id, err = g.appealed(20, 26, 2, 4); err == nil {
			_, err = b.summarised(id)
		}
	case "appeal-forwarded":
		var id string
		if b, id, err = g.appealed(70, 140, 3, 12); err == nil {
			var deadline time.Time
			if deadline, err = b.summarised(id); err == nil {
				err = b.forwarded(id, deadline)
			}
		}
	case "appeal-decided":
		var id string
		if b, id, err = g.appealed(150, 300, 3, 12); err == nil {
			var deadline time.Time
			if deadline, err = b.summarised(id); err == nil {
				if err = b.forwarded(id, deadline); err == nil {
					letters, err = b.bodyResult(id)
				}
			}
		}
	case "appeal-reversed":
		var id string
		if b, id, err = g.appealed(20, 60, 3, 12); err == nil {
			if err = b.c.StartReassessment(id, b.worker, b.next(1, 3)); err == nil {
				at := b.next(2, 10)
				result := casework.AppealReversed
				if g.chance(30) {
					result = casework.AppealPartly
				}
				if err = b.c.ReverseDecision(id, result, b.decide(casework.OutcomeGranted, at), g.tables, b.nid.Age, b.office.Under25OwnHome, g.cal, b.worker, at); err == nil {
					b.reached(at)
					b.opened()
				}
			}
		}
	case "conversation-requested":
		b, err = g.conversation(0, 10)
	case "conversation-booked":
		if b, err = g.conversation(1, 14); err == nil {
			err = b.c.BookConversation(b.meeting(g.ahead(2, 15)), b.worker, b.next(0, 3))
		}
	case "conversation-held", "conversation-closed":
		if b, err = g.conversation(20, 90); err == nil {
			booked := b.next(1, 4)
			at := g.dateAfter(booked, 3, 10).Add(time.Duration(9+g.rng.IntN(5)) * time.Hour)
			if !at.Before(g.now) {
				err = errors.New("no room for the conversation before now")
			} else if err = b.c.BookConversation(b.meeting(at), b.worker, booked); err == nil {
				b.last = at
				if err = b.c.MarkHeld(b.worker, b.next(0, 0)); err == nil && state == "conversation-closed" {
					err = b.c.CloseConversation(pick(g.rng, closeNotes), b.worker, b.next(0, 2))
				}
			}
		}
	default:
		return nil, 0, fmt.Errorf("unknown state %q", state)
	}
	if err != nil {
		return nil, 0, err
	}
	c := b.c
	// As the deadline job marks it.
	c.DeadlineState = c.EvaluateDeadline(g.cal, g.now)
	// A stored case has been written once per change.
	c.Version = len(c.Events)
	for _, e := range c.Events {
		if e.At.After(g.now) {
			return nil, 0, fmt.Errorf("event %s at %s is after now", e.Type, e.At.Format(time.RFC3339))
		}
	}
	return c, letters, nil
}

// dueSoon makes an open application whose interim reply is due within five
// working days: sent a little under a month ago.
func (g *generator) dueSoon() (*builder, error) {
	today := casework.OsloDate(g.now)
	var days []int
	for d := 20; d <= 35; d++ {
		due := g.cal.InterimReplyDue(today.AddDate(0, 0, -d))
		if !due.Before(today) && g.cal.WorkingDaysBetween(today, due) <= 5 {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return nil, errors.New("no day of application gives an interim reply due soon")
	}
	d := pick(g.rng, days)
	b, err := g.application(d, d)
	if err != nil {
		return nil, err
	}
	if g.chance(60) {
		err = b.assign(0, 3)
	}
	return b, err
}

// bodyResult records Statsforvalteren's result, with its letter stored as
// a file of the case.
func (b *builder) bodyResult(id string) (int, error) {
	g := b.g
	at := b.next(20, 60)
	outcome := casework.BodyConfirmed
	switch r := g.rng.IntN(100); {
	case r < 15:
		outcome = casework.BodyOverturned
	case r < 25:
		outcome = casework.BodyNew
	case r < 30:
		outcome = casework.BodyDismissed
	}
	data := letterPDF("Statsforvalteren har behandlet klagen i sak " + b.c.ID + ".")
	name := "vedtak-statsforvalteren.pdf"
	fid, err := g.st.PutFile(g.ctx, name, store.FileMeta{Owner: b.c.Owner.NationalID, DraftID: b.c.DraftID, Kind: "application/pdf", UploadedAt: at}, data)
	if err != nil {
		return 0, err
	}
	letter := casework.FileRef{FileID: fid, Name: name, Kind: "application/pdf", Size: int64(len(data)), UploadedAt: at}
	return 1, b.c.RecordBodyResult(id, casework.BodyResult{Outcome: outcome, Letter: letter}, g.cal, b.worker, at)
}

// letterPDF is a one-page PDF with a line of text, with exact offsets.
func letterPDF(text string) []byte {
	var b strings.Builder
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		b.WriteString(s)
	}
	ascii := strings.Map(func(r rune) rune {
		if r > 126 || r == '(' || r == ')' || r == '\\' {
			return '?'
		}
		return r
	}, text)
	content := "BT /F1 12 Tf 72 770 Td (" + ascii + ") Tj ET\n"
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	obj("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n")
	obj(fmt.Sprintf("4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", len(content), content))
	obj("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return []byte(b.String())
}
