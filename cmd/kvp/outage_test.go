package main

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// serverDBControl stops and starts the server-mode database's PostgreSQL
// (scripts/serverdb), or skips the test when it cannot.
func serverDBControl(t *testing.T) func(cmd string) {
	t.Helper()
	dir := os.Getenv("KVP_TEST_SERVERDB_DIR")
	if dir == "" {
		if os.Getenv("KVP_TEST_SERVER_REQUIRED") == "1" {
			t.Fatal("KVP_TEST_SERVERDB_DIR is not set (scripts/test sets it)")
		}
		t.Skip("skipped: set KVP_TEST_SERVERDB_DIR to the folder of scripts/serverdb start to stop and start its PostgreSQL")
	}
	return func(cmd string) {
		t.Helper()
		if out, err := exec.Command("../../scripts/serverdb", cmd, dir).CombinedOutput(); err != nil {
			t.Fatalf("serverdb %s: %v\n%s", cmd, err, out)
		}
	}
}

// While the database is unreachable, pages answer 503 with a calm page
// and Retry-After, a form post is never taken for an expired form, and the
// portal recovers by itself when the database is back, losing nothing
// acknowledged.
func TestDatabaseOutage(t *testing.T) {
	uri := serverDB(t)
	pg := serverDBControl(t)
	bin := buildPortal(t)
	rb := make([]byte, 6)
	_, _ = rand.Read(rb)
	kb := make([]byte, 32)
	_, _ = rand.Read(kb)
	p := startPortal(t, bin, uri, "outage_"+hex.EncodeToString(rb), hex.EncodeToString(kb))
	defer pg("pg-start") // whatever happens, the database comes back

	citizen := newBrowser(t)
	citizen.login(p.base)
	// A request acknowledged before the outage is still there after it.
	code, loc, body := citizen.post(p.base+"/samtale", citizen.conversationRequest(p.base))
	before := referenceIn(loc)
	if code != http.StatusSeeOther || before == "" {
		t.Fatalf("request before the outage: %d %.300s", code, body)
	}
	request := citizen.conversationRequest(p.base)

	// Light load through the outage: four more people reading pages.
	stopLoad := make(chan struct{})
	var loadWG sync.WaitGroup
	var loadMu sync.Mutex
	loadCodes := map[int]int{}
	for i := 0; i < 4; i++ {
		loadWG.Add(1)
		go func() {
			defer loadWG.Done()
			for {
				select {
				case <-stopLoad:
					return
				default:
				}
				for _, path := range []string{"/samtale", "/", "/kalkulator"} {
					resp, err := http.Get(p.base + path)
					if err != nil {
						continue
					}
					resp.Body.Close()
					loadMu.Lock()
					loadCodes[resp.StatusCode]++
					loadMu.Unlock()
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	defer func() {
		close(stopLoad)
		loadWG.Wait()
		for code, n := range loadCodes {
			if code != http.StatusOK && code != http.StatusServiceUnavailable {
				t.Errorf("%d answers %d under load through the outage", n, code)
			}
		}
		t.Logf("answers under load: %v", loadCodes)
	}()

	pg("pg-stop")
	resp, err := citizen.c.Get(p.base + "/mine-saker")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("page during the outage: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	code, _, body = citizen.post(p.base+"/samtale", request)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Gå tilbake i nettleseren") || strings.Contains(body, "utløpt") {
		t.Errorf("form post during the outage: %d %.300s", code, body)
	}

	pg("pg-start")
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, _, _ := citizen.get(p.base + "/mine-saker")
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered 60 s after the database came back: %d", code)
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The form sent again after the outage is stored once and shown.
	code, loc, body = citizen.post(p.base+"/samtale", request)
	if code != http.StatusSeeOther {
		t.Fatalf("form post after the outage: %d %.300s", code, body)
	}
	ref := referenceIn(loc)
	_, _, mine := citizen.get(p.base + "/mine-saker")
	if ref == "" || !strings.Contains(mine, ref) {
		t.Errorf("the request %q sent after the outage is not on «Mine saker»", ref)
	}
	if !strings.Contains(mine, before) {
		t.Errorf("the request %s acknowledged before the outage is gone", before)
	}
}
