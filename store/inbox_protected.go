package store

// sees reports whether the staff member asking for an inbox may see e:
// the case of a person with a protected address only with the permission
// for it. Without it, such a case is in no list and no count, exactly as
// another office's case.
func (q InboxQuery) sees(e IndexEntry) bool { return e.Protected == "" || q.SeesProtected }
