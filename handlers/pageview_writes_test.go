package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/event"

	"kvp/internal/testkit"
)

// commandLog records the database commands the portal sends.
type commandLog struct {
	mu   sync.Mutex
	on   bool
	cmds []string
}

func (l *commandLog) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.on {
			l.cmds = append(l.cmds, e.CommandName+":"+e.Command.Lookup(e.CommandName).StringValue())
		}
	}}
}

func (l *commandLog) record(on bool) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = on
	out := l.cmds
	l.cmds = nil
	return out
}

// A plain page view writes nothing to the database: no session write, no
// CSRF token stored. With the embedded database (one process owns it, so
// it keeps the documents it has read), it reads nothing either.
func TestPageViewsWriteNothing(t *testing.T) {
	log := &commandLog{}
	st := testkit.StoreMonitored(t, log.monitor())
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	for _, s := range validSteps {
		c.post("/soknad/steg/"+s.step, s.form)
	}
	id, _ := c.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := c.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	casePath := strings.TrimSuffix(loc, "/kvittering")
	pages := []string{"/", "/mine-saker", casePath, loc, "/kalkulator", "/samtale"}
	for _, p := range pages {
		expectStatus(t, c.get(p), http.StatusOK) // warm
	}
	clock.Advance(5 * 60e9) // five minutes later: the idle timeout is extended too
	log.record(true)
	for i := 0; i < 3; i++ {
		for _, p := range pages {
			expectStatus(t, c.get(p), http.StatusOK)
		}
	}
	cmds := log.record(false)
	for _, name := range cmds {
		switch strings.Split(name, ":")[0] {
		case "insert", "update", "delete", "findAndModify":
			t.Errorf("a page view wrote to the database: %v", cmds)
		}
	}
	if os.Getenv("MONGODB_URI") == "" && len(cmds) > 0 {
		t.Errorf("with the embedded database a page view read from the database: %v", cmds)
	}
}
