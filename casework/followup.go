package casework

import (
	"strings"
	"time"
	"unicode"
)

// What the applicant sends after submitting: documents and a message at
// any time (ettersendelse), and, for a documentation request, each
// document asked for or the reason it cannot be sent.
const (
	EventFollowUp       EventType = "followUp"
	EventDocumentCannot EventType = "documentCannot"
)

// DocItem names one document of a documentation request: the request's
// number in the case (1 for the first request) and the document's place
// in its list (from 0), with the document as the request named it.
type DocItem struct {
	Request int    `bson:"request"`
	Index   int    `bson:"index"`
	Name    string `bson:"name"`
}

// Statuses of a document asked for.
const (
	DocOpen   = "open"
	DocSent   = "sent"
	DocCannot = "cannot"
)

// DocStatus is where one document asked for stands: open, sent (with the
// files) or cannot (with the applicant's reason), and since when.
type DocStatus struct {
	DocItem
	Status string
	At     time.Time
	Reason string
	Files  []FileRef
}

// RequestStatus is a documentation request with the status of each
// document in it.
type RequestStatus struct {
	Number  int
	At      time.Time
	Request *DocRequest
	Items   []DocStatus
}

// Open reports whether a document of the request is neither sent nor
// explained.
func (r RequestStatus) Open() bool {
	for _, it := range r.Items {
		if it.Status == DocOpen {
			return true
		}
	}
	return false
}

// OpenItems are the documents of the request still open.
func (r RequestStatus) OpenItems() []DocStatus {
	var out []DocStatus
	for _, it := range r.Items {
		if it.Status == DocOpen {
			out = append(out, it)
		}
	}
	return out
}

// MaxFollowUpMessage is the most characters a message to the office has.
const MaxFollowUpMessage = 2000

// SplitDocuments reads the documents a request asks for from its text: one
// per line, without list marks ("-", "•", "1.") in front. A text without
// any line gives one document, the text itself.
func SplitDocuments(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimLeft(line, "-–—•*·"))
		// "1. Lønnsslipp" or "2) Leiekontrakt", but not "10.000 kr …".
		if i := strings.IndexAny(line, ".)"); i > 0 && i <= 3 && allDigits(line[:i]) && (i+1 == len(line) || line[i+1] == ' ') {
			line = strings.TrimSpace(line[i+1:])
		}
		if line != "" {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		if t := strings.TrimSpace(text); t != "" {
			out = []string{t}
		}
	}
	return out
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// List returns the documents the request asks for.
func (r *DocRequest) List() []string {
	if len(r.Items) > 0 {
		return r.Items
	}
	return SplitDocuments(r.Documents)
}

// DocumentRequests returns every documentation request in the case, oldest
// first, with each document's status as the events give it: sent when an
// upload names it, cannot when the applicant explained why not (until it
// is sent after all). An upload that names no document (as uploads did
// before documents were listed one by one) answers every document asked
// for before it.
func (c *Case) DocumentRequests() []RequestStatus {
	var out []RequestStatus
	item := func(it *DocItem) *DocStatus {
		if it == nil || it.Request < 1 || it.Request > len(out) {
			return nil
		}
		r := &out[it.Request-1]
		if it.Index < 0 || it.Index >= len(r.Items) {
			return nil
		}
		return &r.Items[it.Index]
	}
	for _, e := range c.Events {
		switch e.Type {
		case EventDocumentsRequested:
			if e.Request == nil {
				continue
			}
			r := RequestStatus{Number: len(out) + 1, At: e.At, Request: e.Request}
			for i, name := range e.Request.List() {
				r.Items = append(r.Items, DocStatus{DocItem: DocItem{Request: r.Number, Index: i, Name: name}, Status: DocOpen})
			}
			out = append(out, r)
		case EventDocumentsUploaded:
			if e.Item == nil {
				for i := range out {
					for j := range out[i].Items {
						if it := &out[i].Items[j]; it.Status == DocOpen {
							it.Status, it.At, it.Files = DocSent, e.At, e.Files
						}
					}
				}
				continue
			}
			if it := item(e.Item); it != nil {
				it.Status, it.At, it.Reason = DocSent, e.At, ""
				it.Files = append(it.Files, e.Files...)
			}
		case EventDocumentCannot:
			if it := item(e.Item); it != nil && it.Status != DocSent {
				it.Status, it.At, it.Reason = DocCannot, e.At, e.Text
			}
		}
	}
	return out
}

// OpenRequests returns the documentation requests that still have a
// document open, oldest first, while the application is open.
func (c *Case) OpenRequests() []RequestStatus {
	if !c.Open() {
		return nil
	}
	var out []RequestStatus
	for _, r := range c.DocumentRequests() {
		if r.Open() {
			out = append(out, r)
		}
	}
	return out
}

// docItem returns the document at index in the request with number, if
// there is one, with its status.
func (c *Case) docItem(number, index int) (DocStatus, bool) {
	all := c.DocumentRequests()
	if number < 1 || number > len(all) || index < 0 || index >= len(all[number-1].Items) {
		return DocStatus{}, false
	}
	return all[number-1].Items[index], true
}

// SendRequestedDocument records files the applicant sent for one document
// of a request. A document explained as impossible before may still be
// sent; one sent already may get more files.
func (c *Case) SendRequestedDocument(number, index int, files []FileRef, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	it, ok := c.docItem(number, index)
	if !ok {
		return refuse("item", "err.docs.item")
	}
	if len(files) == 0 {
		return refuse("file", "err.upload.missing")
	}
	c.record(Event{At: now, Type: EventDocumentsUploaded, Actor: ActorCitizen, Files: files, Item: &it.DocItem})
	c.NewFromApplicant++
	return nil
}

// CannotSendDocument records why the applicant cannot send one document
// of a request; the document is then no longer waited for.
func (c *Case) CannotSendDocument(number, index int, reason string, now time.Time) error {
	if !c.Open() {
		return ErrClosed
	}
	it, ok := c.docItem(number, index)
	switch {
	case !ok:
		return refuse("item", "err.docs.item")
	case it.Status == DocSent:
		return refuse("item", "err.docs.sent")
	case strings.TrimSpace(reason) == "":
		return refuse("reason", "err.docs.reason.required")
	}
	c.record(Event{At: now, Type: EventDocumentCannot, Actor: ActorCitizen, Text: reason, Item: &it.DocItem})
	c.NewFromApplicant++
	return nil
}

// CanFollowUp reports whether the applicant can send the office more: an
// application that has not been withdrawn, decided or not.
func (c *Case) CanFollowUp() bool {
	return !c.IsConversation() && c.Status != StatusWithdrawn
}

// SendFollowUp records documents and a message the applicant sends of
// their own accord (ettersendelse). Either is enough; nothing at all is
// refused.
func (c *Case) SendFollowUp(message string, files []FileRef, now time.Time) error {
	if !c.CanFollowUp() {
		return ErrClosed
	}
	if strings.TrimSpace(message) == "" && len(files) == 0 {
		return refuse("followUpMessage", "err.followup.empty")
	}
	c.record(Event{At: now, Type: EventFollowUp, Actor: ActorCitizen, Text: message, Files: files})
	c.NewFromApplicant++
	return nil
}

// SeenByStaff clears the count of what is new from the applicant, when
// staff open the case. It reports whether there was anything to clear.
func (c *Case) SeenByStaff() bool {
	if c.NewFromApplicant == 0 {
		return false
	}
	c.NewFromApplicant = 0
	return true
}

// Summary is the message id of where the case stands in words, for the
// person's own list and case page: the outcome of the decision in force
// (granted, partly granted, rejected, dismissed), sent back by
// Statsforvalteren for a new decision, withdrawn, or the status while it is
// processed. A conversation request has its status.
func (c *Case) Summary() string {
	if c.IsConversation() {
		return c.Status.MessageID()
	}
	if c.ReturnedAppeal() != nil && c.Open() {
		return "summary.returned"
	}
	if d := c.CurrentDecision(); c.Status == StatusDecided && d != nil {
		switch d.Outcome {
		case OutcomeGranted:
			return "summary.granted"
		case OutcomePartly:
			return "summary.partly"
		case OutcomeRejected:
			return "summary.rejected"
		case OutcomeDismissed:
			return "summary.dismissed"
		}
	}
	switch c.Status {
	case StatusAssessing:
		return "summary.assessing"
	case StatusDecided:
		return "summary.decided"
	case StatusWithdrawn:
		return "summary.withdrawn"
	}
	return "summary.received"
}

// DecisionEvent returns the event that recorded decision d, so that it can
// say who made it; nil if d is not in the case.
func (c *Case) DecisionEvent(d *Decision) *Event {
	for i := range c.Events {
		if c.Events[i].Type == EventDecision && c.Events[i].Decision == d {
			return &c.Events[i]
		}
	}
	return nil
}
