package main

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
)

// ownerResult is what the check found for one person.
type ownerResult struct {
	present, missing, duplicated, unchecked int
	failed                                  int
	problems                                []string
}

// verify logs in again as the owner of every acknowledged reference and
// checks that «Mine saker» lists it exactly once, that its case page
// answers with it, and that the owner has no case beyond the ones
// acknowledged (one journey, one case).
func (r *runner) verify(ctx context.Context, acks []ack) *Verification {
	byOwner := map[string][]string{}
	for _, a := range acks {
		byOwner[a.Owner] = append(byOwner[a.Owner], a.Ref)
	}
	owners := make([]string, 0, len(byOwner))
	for o := range byOwner {
		owners = append(owners, o)
	}
	sort.Strings(owners)

	v := &Verification{Acknowledged: len(acks), Owners: len(owners)}
	rec := newRecorder()
	work := make(chan string)
	results := make(chan ownerResult)
	workers := min(r.cfg.Citizens, 8, max(len(owners), 1))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for owner := range work {
				results <- r.verifyOwner(ctx, rec, owner, byOwner[owner])
			}
		}()
	}
	go func() {
		for _, o := range owners {
			work <- o
		}
		close(work)
		wg.Wait()
		close(results)
	}()
	for res := range results {
		v.Present += res.present
		v.Missing += res.missing
		v.Duplicated += res.duplicated
		v.Unchecked += res.unchecked
		v.Errors += res.failed
		v.Problems = append(v.Problems, res.problems...)
	}
	sort.Strings(v.Problems)
	if len(v.Problems) > 50 {
		v.Problems = append(v.Problems[:50], fmt.Sprintf("… and %d more", len(v.Problems)-50))
	}
	return v
}

func (r *runner) verifyOwner(ctx context.Context, rec *recorder, owner string, refs []string) (res ownerResult) {
	b := newBrowser(r.base, r.tr, r.cfg.Timeout, rec, ctxBudget{ctx})
	// A failed request is tried once more before the reference is given up
	// as unchecked: the check is about what is stored, not about load.
	var links map[string]int
	var err error
	for try := 0; try < 2; try++ {
		if err = login(b, owner); err == nil {
			var p *page
			if p, err = b.get("/mine-saker"); err == nil {
				if err = expectPath(p, "/mine-saker"); err == nil {
					links = caseLinks(p)
					break
				}
			}
		}
		res.failed++
	}
	if links == nil {
		res.unchecked = len(refs)
		res.problems = append(res.problems, fmt.Sprintf("owner %s: could not read «Mine saker»: %v", owner, err))
		return res
	}
	acked := map[string]bool{}
	for _, ref := range refs {
		acked[ref] = true
		switch n := links[ref]; {
		case n == 0:
			res.missing++
			res.problems = append(res.problems, fmt.Sprintf("%s: missing from «Mine saker» of its owner %s", ref, owner))
			continue
		case n > 1:
			res.duplicated++
			res.problems = append(res.problems, fmt.Sprintf("%s: listed %d times on «Mine saker» of its owner %s", ref, n, owner))
			continue
		}
		var p *page
		for try := 0; try < 2; try++ {
			if p, err = b.get("/saker/" + ref); err == nil || (p != nil && p.Status == http.StatusNotFound) {
				break
			}
			res.failed++
		}
		switch {
		case p != nil && p.Status == http.StatusNotFound:
			res.missing++
			res.problems = append(res.problems, fmt.Sprintf("%s: listed, but its case page answers 404", ref))
		case err != nil:
			res.unchecked++
			res.problems = append(res.problems, fmt.Sprintf("%s: case page: %v", ref, err))
		case p.URL.Path != "/saker/"+ref || !showsRef(p, ref):
			res.missing++
			res.problems = append(res.problems, fmt.Sprintf("%s: the case page does not show the reference (ended on %s)", ref, p.URL.Path))
		default:
			res.present++
		}
	}
	for ref := range links {
		if !acked[ref] {
			res.duplicated++
			res.problems = append(res.problems, fmt.Sprintf("owner %s has a case %s besides the acknowledged %v (one journey, two cases)", owner, ref, refs))
		}
	}
	return res
}
