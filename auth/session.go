// Package auth keeps who is logged in: server-side sessions in MongoDB
// behind gorilla/sessions, the citizen's identity as a login gives it, and
// the development login's synthetic test persons.
package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/gob"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"kvp/store"
)

// Identity is the logged-in citizen as an ID-porten login describes them:
// the national identity number (the pid claim), the name, and the assurance
// level (acr). The development login fills in the same fields, so the real
// OpenID Connect login can replace it without touching the handlers.
type Identity struct {
	NationalID string
	Name       string
	LoA        string
	AuthTime   time.Time
}

// Assurance levels as ID-porten names them.
const (
	LoASubstantial = "idporten-loa-substantial"
	LoAHigh        = "idporten-loa-high"
)

func init() {
	gob.Register(Identity{})
	gob.Register(time.Time{})
}

// MongoStore is a gorilla/sessions Store that keeps session values in
// MongoDB; the cookie carries only the session id, signed. Sessions expire
// after IdleTimeout without a save.
type MongoStore struct {
	st          *store.Store
	codecs      []securecookie.Codec
	Options     *sessions.Options
	IdleTimeout time.Duration
	Now         func() time.Time
}

// NewMongoStore returns a store signing cookies with hashKey (at least 32
// bytes). secure sets the cookie's Secure flag (production).
func NewMongoStore(st *store.Store, hashKey []byte, secure bool, idle time.Duration) *MongoStore {
	return &MongoStore{
		st:     st,
		codecs: securecookie.CodecsFromPairs(hashKey),
		Options: &sessions.Options{
			Path:     "/",
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
		IdleTimeout: idle,
		Now:         time.Now,
	}
}

// Get returns the session called name for the request (see New).
func (m *MongoStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(m, name)
}

// New returns the request's session if its cookie is valid and the session
// has not expired, or a new empty session otherwise. A bad or expired
// cookie is not an error: the person simply is not logged in.
func (m *MongoStore) New(r *http.Request, name string) (*sessions.Session, error) {
	s := sessions.NewSession(m, name)
	opts := *m.Options
	s.Options = &opts
	s.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return s, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, m.codecs...); err != nil {
		return s, nil
	}
	rec, err := m.st.Session(r.Context(), id, m.Now())
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := gob.NewDecoder(bytes.NewReader(rec.Data)).Decode(&s.Values); err != nil {
		return s, nil
	}
	s.ID = id
	s.IsNew = false
	s.Values[touchedKey] = rec.UpdatedAt
	return s, nil
}

const touchedKey = "_touched"

// Save writes the session to the database and sets its cookie; a session
// with MaxAge < 0 is deleted and its cookie cleared.
func (m *MongoStore) Save(r *http.Request, w http.ResponseWriter, s *sessions.Session) error {
	ctx := r.Context()
	if s.Options.MaxAge < 0 {
		if s.ID != "" {
			if err := m.st.DeleteSession(ctx, s.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(s.Name(), "", s.Options))
		return nil
	}
	if s.ID == "" {
		s.ID = newSessionID()
	}
	now := m.Now()
	s.Values[touchedKey] = now
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s.Values); err != nil {
		return err
	}
	rec := &store.SessionRecord{ID: s.ID, Data: buf.Bytes(), ExpiresAt: now.Add(m.IdleTimeout), UpdatedAt: now}
	if err := m.st.SaveSession(ctx, rec); err != nil {
		return err
	}
	encoded, err := securecookie.EncodeMulti(s.Name(), s.ID, m.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(s.Name(), encoded, s.Options))
	return nil
}

// Touched returns when the session was last saved.
func Touched(s *sessions.Session) time.Time {
	t, _ := s.Values[touchedKey].(time.Time)
	return t
}

// Discard deletes the session's server-side record, for logging in afresh
// (a new id) or logging out.
func (m *MongoStore) Discard(ctx context.Context, s *sessions.Session) error {
	if s.ID == "" {
		return nil
	}
	err := m.st.DeleteSession(ctx, s.ID)
	s.ID = ""
	s.Values = map[any]any{}
	return err
}

func newSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// CurrentIdentity returns the logged-in person of a session, if any.
func CurrentIdentity(s *sessions.Session) (Identity, bool) {
	if s == nil {
		return Identity{}, false
	}
	id, ok := s.Values["identity"].(Identity)
	return id, ok && id.NationalID != ""
}

// SetIdentity records a login in the session.
func SetIdentity(s *sessions.Session, id Identity) {
	s.Values["identity"] = id
}

// CurrentStaffIdentity returns the staff member of a staff session, if any.
func CurrentStaffIdentity(s *sessions.Session) (StaffIdentity, bool) {
	if s == nil {
		return StaffIdentity{}, false
	}
	id, ok := s.Values["staff"].(StaffIdentity)
	return id, ok && id.Email != ""
}

// SetStaffIdentity records a staff login in the session.
func SetStaffIdentity(s *sessions.Session, id StaffIdentity) {
	s.Values["staff"] = id
}
